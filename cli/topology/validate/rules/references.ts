// References between VMs: each names a defined VM of the right role.
import type { Role } from '../../language/roles.js';
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';
import { didYouMean } from '../suggest.js';
import { valid, type At, type VmSpec } from '../../language/spec.js';

const ROLE_OF = { net: 'net', display: 'gpu' } as const satisfies Record<string, Role>;
const ROLE_CODE = { net: CODES.netNotNetVm, display: CODES.displayNotGpuVm } as const;

export function unknown(ctx: Ctx, ref: At<string>, what: string, vm: VmSpec): void {
  ctx.report({
    code: CODES.unknownVm,
    span: ref.span,
    message: `${what} of VM ${quote(vm.name)} names VM ${quote(ref.value)}, which is not defined`,
    hint: didYouMean(ref.value, ctx.spec.byName.keys()) ?? 'define that VM under vms, or correct the name',
  });
}

function roleTarget(ctx: Ctx, vm: VmSpec, key: keyof typeof ROLE_OF): void {
  const ref = vm[key];
  if (!ref) return;
  const target = ctx.spec.byName.get(ref.value);
  if (!target) return unknown(ctx, ref, key, vm);
  const role = ROLE_OF[key];
  if (target.role === null || target.role === role) return;
  const fitting = ctx.spec.vms.filter((v) => v.role === role).map((v) => quote(v.name));
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
  for (const vm of ctx.spec.vms) {
    roleTarget(ctx, vm, 'net');
    roleTarget(ctx, vm, 'display');
    for (const ref of valid(vm.after)) {
      if (!ctx.spec.byName.has(ref.value)) unknown(ctx, ref, 'after', vm);
    }
  }
}

export function usbSource(ctx: Ctx): void {
  // A VM whose role is broken may be the USB VM; its own diagnostic says so.
  if (ctx.spec.vms.some((vm) => vm.role === 'usb' || vm.role === null)) return;
  for (const vm of ctx.spec.vms) {
    const usb = vm.usb;
    if (!usb || usb.value.length === 0) continue;
    ctx.report({
      code: CODES.usbWithoutUsbVm,
      span: usb.span,
      message: `VM ${quote(vm.name)} forwards USB devices, but no VM has role "usb"`,
      hint: 'add a VM with role "usb" that owns the USB controller (its PCI address in devices), or remove usb',
    });
  }
}
