// PCI devices against the scanned machine (hardware.json): each assigned address exists,
// IOMMU groups go whole to one VM, a device's class fits its VM's role, and the boot
// display is not given away unannounced. Without a hardware file these rules do nothing.
import type { Span } from '../../../diagnostics.js';
import { className, isPciBridge, roleForClass } from '../../../hardware/classes.js';
import type { Hardware, PciFunction } from '../../../hardware/types.js';
import { valid, type VmSpec } from '../../language/spec.js';
import { quote } from '../../../output/quote.js';
import { HARDWARE_CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { closest } from '../suggest.js';

interface Assigned {
  fn: PciFunction;
  vm: VmSpec;
  span: Span;
}

/** The assigned devices that the machine has, in file order, and the machine's functions by address. */
function lookups(ctx: Ctx, hardware: Hardware): { assigned: Assigned[]; byAddress: Map<string, PciFunction> } {
  const byAddress = new Map(hardware.pci.map((fn) => [fn.address, fn]));
  const assigned: Assigned[] = [];
  for (const vm of ctx.spec.vms) {
    for (const { value, span } of valid(vm.devices)) {
      const fn = byAddress.get(value);
      if (fn) assigned.push({ fn, vm, span });
    }
  }
  return { assigned, byAddress };
}


/** Differs from `a` in exactly one character: a slip of one digit in an address of fixed shape. */
const oneOff = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
};

/** The address the user probably meant: one digit off, preferring a function of the VM's own role's class. */
function nearMiss(address: string, vm: VmSpec, byAddress: Map<string, PciFunction>): PciFunction | null {
  const near = [...byAddress.values()].filter((fn) => oneOff(address, fn.address));
  const fits = near.find((fn) => vm.role !== null && roleForClass(fn.class) === vm.role);
  const match = fits?.address ?? closest(address, near.map((fn) => fn.address));
  return match === null ? null : byAddress.get(match)!;
}

export function pciOnMachine(ctx: Ctx): void {
  if (!ctx.hardware) return;
  const { byAddress } = lookups(ctx, ctx.hardware);
  for (const vm of ctx.spec.vms) {
    for (const { value, span } of valid(vm.devices)) {
      if (byAddress.has(value)) continue;
      const near = nearMiss(value, vm, byAddress);
      ctx.report({
        code: HARDWARE_CODES.pciNotOnMachine,
        span,
        message: `PCI device ${quote(value)} of VM ${quote(vm.name)} is not on the scanned machine`,
        hint: near
          ? `did you mean "${near.address}" (${className(near.class)})?`
          : 'pick an address from hardware.json, or run `spectrum hw scan` again if the hardware changed',
      });
    }
  }
}

export function noIommuGroups(ctx: Ctx): void {
  if (!ctx.hardware || ctx.hardware.pci.some((fn) => fn.iommuGroup !== null)) return;
  const first = lookups(ctx, ctx.hardware).assigned[0];
  if (!first) return;
  ctx.report({
    code: HARDWARE_CODES.noIommuGroups,
    span: first.span,
    message: `VM ${quote(first.vm.name)} is given PCI devices, but the scanned machine has no IOMMU groups, so none can be passed through`,
    hint: 'turn on VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware settings, boot the scanning system with intel_iommu=on on Intel, and run `spectrum hw scan` again',
  });
}

export function iommuGroupsWhole(ctx: Ctx): void {
  if (!ctx.hardware) return;
  const { assigned } = lookups(ctx, ctx.hardware);
  const owner = new Map(assigned.map((a) => [a.fn.address, a.vm.name]));
  const members = new Map<number, PciFunction[]>();
  for (const fn of ctx.hardware.pci) {
    if (fn.iommuGroup === null || isPciBridge(fn.class)) continue;
    const list = members.get(fn.iommuGroup);
    if (list) list.push(fn);
    else members.set(fn.iommuGroup, [fn]);
  }
  const reported = new Set<string>();
  for (const { fn, vm, span } of assigned) {
    if (fn.iommuGroup === null || isPciBridge(fn.class)) continue;
    const key = `${vm.name}\u0000${fn.iommuGroup}`;
    if (reported.has(key)) continue;
    const others = (members.get(fn.iommuGroup) ?? []).filter((m) => owner.get(m.address) !== vm.name);
    if (others.length === 0) continue;
    reported.add(key);
    const listed = others.map((m) => {
      const elsewhere = owner.get(m.address);
      return `${m.address} (${className(m.class)}${elsewhere === undefined ? '' : `, given to VM ${quote(elsewhere)}`})`;
    });
    ctx.report({
      code: HARDWARE_CODES.iommuGroupSplit,
      span,
      message: `PCI device ${quote(fn.address)} of VM ${quote(vm.name)} shares IOMMU group ${fn.iommuGroup} with ${listed.join(', ')}`,
      hint: `a VM gets a whole IOMMU group or none of it: give VM ${quote(vm.name)} the others too, or move the device to a slot with a group of its own (an ACS override kernel splits groups, but gives up the isolation they stand for)`,
    });
  }
}

export function classFitsRole(ctx: Ctx): void {
  if (!ctx.hardware) return;
  const { assigned } = lookups(ctx, ctx.hardware);
  // A function of no role's class that rides along with one of its VM's own class, in its
  // IOMMU group (a PCH NIC's ISA bridge and SMBus) or in its slot (a GPU's HDMI audio), is
  // what the group rule asks for or what the card is, not a surprise.
  const slot = (fn: PciFunction): string => fn.address.slice(0, -2);
  const anchored = new Set<string>();
  for (const { fn, vm } of assigned) {
    if (roleForClass(fn.class) !== vm.role) continue;
    anchored.add(`${vm.name}\u0000slot ${slot(fn)}`);
    if (fn.iommuGroup !== null) anchored.add(`${vm.name}\u0000group ${fn.iommuGroup}`);
  }
  const ridesAlong = (fn: PciFunction, vm: VmSpec): boolean =>
    anchored.has(`${vm.name}\u0000slot ${slot(fn)}`) || (fn.iommuGroup !== null && anchored.has(`${vm.name}\u0000group ${fn.iommuGroup}`));
  for (const { fn, vm, span } of assigned) {
    // An app VM with devices is SP2021's to report; an invalid role was reported by the shape walk.
    if (vm.role === null || vm.role === 'app') continue;
    const wants = roleForClass(fn.class);
    if (wants === vm.role) continue;
    if (wants !== null) {
      ctx.report({
        code: HARDWARE_CODES.classNotRole,
        span,
        message: `PCI device ${quote(fn.address)} (${className(fn.class)}) belongs to a ${wants} VM, not to VM ${quote(vm.name)} (role ${quote(vm.role)})`,
        hint: `give it to a VM with role "${wants}", or check the address against hardware.json`,
      });
    } else if (!ridesAlong(fn, vm)) {
      ctx.report({
        code: HARDWARE_CODES.classNoRole,
        span,
        severity: 'warning',
        message: `PCI device ${quote(fn.address)} (${className(fn.class)}) is of a class no role expects; VM ${quote(vm.name)} (role ${quote(vm.role)}) gets it as it is`,
        hint: 'make sure the host does not need it (its disk, its sound) and that the VM\'s kernel has a driver for it',
      });
    }
  }
}

export function bootDisplay(ctx: Ctx): void {
  if (!ctx.hardware) return;
  for (const { fn, vm, span } of lookups(ctx, ctx.hardware).assigned) {
    if (!fn.bootVga) continue;
    ctx.report({
      code: HARDWARE_CODES.bootDisplay,
      span,
      severity: 'warning',
      message: `PCI device ${quote(fn.address)} is the firmware's boot display: once VM ${quote(vm.name)} starts, the host has no console on the screen`,
      hint: 'expected with a single GPU; keep a serial console for the host, or make another GPU the boot display in the firmware settings',
    });
  }
}

/**
 * The host binds passed-through devices to vfio-pci by vendor:device id (resolve/hardware.ts),
 * which takes every function with that id: an identical one no VM gets is lost to the host.
 */
export function sameIdUnassigned(ctx: Ctx): void {
  if (!ctx.hardware) return;
  const { assigned } = lookups(ctx, ctx.hardware);
  const taken = new Set(assigned.map((a) => a.fn.address));
  const reported = new Set<string>();
  for (const { fn, vm, span } of assigned) {
    const id = `${fn.vendor}:${fn.device}`;
    if (reported.has(id)) continue;
    const lost = ctx.hardware.pci.filter((other) => `${other.vendor}:${other.device}` === id && !taken.has(other.address));
    if (lost.length === 0) continue;
    reported.add(id);
    ctx.report({
      code: HARDWARE_CODES.sameIdUnassigned,
      span,
      severity: 'warning',
      message: `PCI device ${quote(fn.address)} of VM ${quote(vm.name)} is bound to vfio-pci by its id ${id}, which also takes ${lost.map((o) => `${o.address} (${className(o.class)})`).join(', ')}: the host loses it though no VM gets it`,
      hint: 'give the identical device to a VM as well, or keep both with the host',
    });
  }
}
