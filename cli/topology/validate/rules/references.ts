// References between VMs: each names a defined VM of the right role.
import type { Role } from '../../language/fields.js';
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';
import { didYouMean } from '../suggest.js';
import { getList, getString, getStrings, type RawString, type VmView } from '../view.js';

const ROLE_OF = { net: 'net', display: 'gpu' } as const satisfies Record<string, Role>;
const ROLE_CODE = { net: CODES.netNotNetVm, display: CODES.displayNotGpuVm } as const;

function unknown(ctx: Ctx, ref: RawString, what: string, vm: VmView): void {
  ctx.report({
    code: CODES.unknownVm,
    span: ref.span,
    message: `${what} of VM ${quote(vm.name)} names VM ${quote(ref.value)}, which is not defined`,
    hint: didYouMean(ref.value, ctx.view.byName.keys()) ?? 'define that VM under vms, or correct the name',
  });
}

function roleTarget(ctx: Ctx, vm: VmView, key: keyof typeof ROLE_OF): void {
  const ref = getString(vm.node, key);
  if (!ref) return;
  const target = ctx.view.byName.get(ref.value);
  if (!target) return unknown(ctx, ref, key, vm);
  const role = ROLE_OF[key];
  if (target.role === null || target.role === role) return;
  const fitting = ctx.view.vms.filter((v) => v.role === role).map((v) => quote(v.name));
  ctx.report({
    code: ROLE_CODE[key],
    span: ref.span,
    message: `${key} of VM ${quote(vm.name)} names ${quote(target.name)}, a VM with role "${target.role}", not "${role}"`,
    hint:
      (fitting.length > 0 ? `name a ${role} VM (${fitting.slice(0, 5).join(', ')}), or ` : '') +
      `give ${quote(target.name)} role "${role}"`,
  });
}

export function references(ctx: Ctx): void {
  for (const vm of ctx.view.vms) {
    roleTarget(ctx, vm, 'net');
    roleTarget(ctx, vm, 'display');
    for (const ref of getStrings(vm.node, 'after')) {
      if (!ctx.view.byName.has(ref.value)) unknown(ctx, ref, 'after', vm);
    }
  }
}

export function usbSource(ctx: Ctx): void {
  // A VM whose role is broken may be the USB VM; its own diagnostic says so.
  if (ctx.view.vms.some((vm) => vm.role === 'usb' || vm.role === null)) return;
  for (const vm of ctx.view.vms) {
    const usb = getList(vm.node, 'usb');
    if (!usb || usb.items.length === 0) continue;
    ctx.report({
      code: CODES.usbWithoutUsbVm,
      span: usb.span,
      message: `VM ${quote(vm.name)} forwards USB devices, but no VM has role "usb"`,
      hint: 'add a VM with role "usb" that owns the USB controller (its PCI address in devices), or remove usb',
    });
  }
}
