// PCI devices: only device VMs own hardware, and each device belongs to one VM.
import type { Span } from '../../../diagnostics.js';
import { CODES } from '../codes.js';
import { at, type Ctx } from '../context.js';
import { normalizePci } from '../../language/formats.js';
import { quote } from '../../../output/quote.js';
import { getList, getStrings } from '../view.js';

export function devicesOnApp(ctx: Ctx): void {
  for (const vm of ctx.view.vms) {
    const devices = getList(vm.node, 'devices');
    if (vm.role !== 'app' || !devices || devices.items.length === 0) continue;
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
  for (const vm of ctx.view.vms) {
    for (const device of getStrings(vm.node, 'devices')) {
      const address = normalizePci(device.value);
      if (address === null) continue;
      const owner = owners.get(address);
      if (!owner) owners.set(address, { vm: vm.name, span: device.span });
      else if (owner.vm !== vm.name) {
        ctx.report({
          code: CODES.deviceTwice,
          span: device.span,
          message: `PCI device ${quote(address)} is already given to VM ${quote(owner.vm)} (at ${at(owner.span)})`,
          hint: 'a PCI device can belong to one VM only: remove it from one of them',
        });
      }
    }
  }
}
