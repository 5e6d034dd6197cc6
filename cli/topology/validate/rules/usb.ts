// USB claims: a device the USB VM sees must have at most one owner, so no two VMs may claim
// devices that one device could match (same id with no serial or port to tell them apart).
import type { Span } from '../../../diagnostics.js';
import { valid } from '../../language/spec.js';
import { claimsOverlap, parseUsbClaim, type UsbClaim } from '../../language/usb-claims.js';
import { quote } from '../../../output/quote.js';
import { CODES } from '../codes.js';
import { at, type Ctx } from '../context.js';

export function usbClaimOverlaps(ctx: Ctx): void {
  const seen: { vm: string; text: string; claim: UsbClaim; span: Span }[] = [];
  for (const vm of ctx.spec.vms) {
    for (const { value: text, span } of valid(vm.usb)) {
      const claim = parseUsbClaim(text);
      const other = seen.find((s) => s.vm !== vm.name && claimsOverlap(s.claim, claim));
      if (other) {
        ctx.report({
          code: CODES.usbClaimOverlap,
          span,
          message: `USB claim ${quote(text)} of VM ${quote(vm.name)} overlaps claim ${quote(other.text)} of VM ${quote(other.vm)} (at ${at(other.span)}): one device could match both`,
          hint: 'a USB device can belong to one VM only: tell the devices apart with serial=… (or port=…) in both claims, or remove one',
        });
      }
      seen.push({ vm: vm.name, text, claim, span });
    }
  }
}
