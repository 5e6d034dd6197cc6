// Things that validate but are probably not what the user wants: shown, exit still 0.
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';

const OWNS = { net: 'network card', usb: 'USB controller', gpu: 'GPU' } as const;

export function deviceVmsWithoutDevices(ctx: Ctx): void {
  for (const vm of ctx.spec.vms) {
    if (vm.role === null || vm.role === 'app') continue;
    const devices = vm.devices;
    if (devices && devices.value.length > 0) continue;
    // A net VM behind another one (a VPN VM) has that link as its uplink, no card of its own.
    if (vm.role === 'net' && vm.net) continue;
    ctx.report({
      code: CODES.deviceVmWithoutDevices,
      severity: 'warning',
      span: devices?.span ?? vm.keySpan,
      message: `${vm.role} VM ${quote(vm.name)} owns no PCI devices, so it has no ${OWNS[vm.role]} to serve`,
      hint: `add the ${OWNS[vm.role]}'s PCI address to its devices (see \`lspci -D\`)`,
    });
  }
}

export function noVms(ctx: Ctx): void {
  const span = ctx.spec.vmsSpan;
  if (!span || ctx.spec.vms.length > 0) return;
  ctx.report({
    code: CODES.noVms,
    severity: 'warning',
    span,
    message: 'the topology defines no VMs',
    hint: 'add VMs under vms; `spectrum init` writes a starter topology',
  });
}
