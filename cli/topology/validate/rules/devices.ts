// PCI devices: only device VMs own hardware, and each device belongs to one VM.
import type { Span } from '../../../diagnostics.js';
import { valid } from '../../language/spec.js';
import { quote } from '../../../output/quote.js';
import { CODES } from '../codes.js';
import { at, type Ctx } from '../context.js';

export function devicesOnApp(ctx: Ctx): void {
  for (const vm of ctx.spec.vms) {
    const devices = vm.devices;
    if (vm.role !== 'app' || !devices || devices.value.length === 0) continue;
    ctx.report({
      code: CODES.devicesOnApp,
      span: devices.span,
      message: `VM ${quote(vm.name)} is an app VM and cannot own PCI devices`,
      hint: 'give the devices to a net, usb or gpu VM, or set this VM\'s role to the one its devices need',
    });
  }
}

export function deviceOwners(ctx: Ctx): void {
  const owners = new Map<string, { vm: string; span: Span }>();
  for (const vm of ctx.spec.vms) {
    for (const { value: address, span } of valid(vm.devices)) {
      const owner = owners.get(address);
      if (!owner) owners.set(address, { vm: vm.name, span });
      else if (owner.vm !== vm.name) {
        ctx.report({
          code: CODES.deviceTwice,
          span,
          message: `PCI device ${quote(address)} is already given to VM ${quote(owner.vm)} (at ${at(owner.span)})`,
          hint: 'a PCI device can belong to one VM only: remove it from one of them',
        });
      }
    }
  }
}
