// USB claims against the scanned machine: a claim that matches no device seen by the scan
// is probably a typo, or a device that was not plugged in. A warning: the USB VM hands a
// device over whenever it appears, so a claim for a device plugged in later is legitimate.
import { parseUsbClaim, usbClaimText } from '../../language/usb-claims.js';
import { valid } from '../../language/spec.js';
import { quote } from '../../../output/quote.js';
import { HARDWARE_CODES } from '../codes.js';
import type { Ctx } from '../context.js';

export function usbSeen(ctx: Ctx): void {
  if (!ctx.hardware) return;
  const devices = ctx.hardware.usb;
  for (const vm of ctx.spec.vms) {
    for (const { value, span } of valid(vm.usb)) {
      const claim = parseUsbClaim(value);
      const seen = devices.some(
        (d) =>
          (claim.id === null || claim.id === d.id) &&
          (claim.serial === null || claim.serial === d.serial) &&
          (claim.port === null || claim.port === d.port),
      );
      if (seen) continue;
      ctx.report({
        code: HARDWARE_CODES.usbNotSeen,
        span,
        severity: 'warning',
        message: `USB claim ${quote(usbClaimText(claim))} of VM ${quote(vm.name)} matches no device the scan saw`,
        hint: 'plug the device in and run `spectrum hw scan` again, or compare the claim with hardware.json\'s "usb" list',
      });
    }
  }
}
