// Start-ordering edges: a VM starts after its net VM, its display VM, the USB VMs when it
// forwards USB devices, and whatever it lists in `after`. Validation looks for cycles in
// them; resolve orders the VMs by them.
import type { Span } from '../../diagnostics.js';
import { valid, type TopologySpec } from './spec.js';

export type EdgeKind = 'net' | 'display' | 'usb' | 'after';

export interface Edge {
  /** The VM that waits. */
  from: string;
  /** The VM it waits for. */
  to: string;
  via: EdgeKind;
  /** The value that asks for the edge. */
  span: Span;
}

// Validation and resolve both need the edges of the same topology.
const computed = new WeakMap<TopologySpec, Edge[]>();

/** Edges between defined VMs, in file order; references to unknown VMs are left out. */
export function startEdges(spec: TopologySpec): Edge[] {
  const known = computed.get(spec);
  if (known) return known;
  const usbVms = spec.vms.filter((vm) => vm.role === 'usb').map((vm) => vm.name);
  const edges: Edge[] = [];
  const add = (from: string, to: string, via: EdgeKind, span: Span): void => {
    if (spec.byName.has(to)) edges.push({ from, to, via, span });
  };
  for (const vm of spec.vms) {
    for (const via of ['net', 'display'] as const) {
      const target = vm[via];
      if (target) add(vm.name, target.value, via, target.span);
    }
    if (vm.usb && vm.usb.value.length > 0) {
      for (const name of usbVms) if (name !== vm.name) add(vm.name, name, 'usb', vm.usb.span);
    }
    for (const after of valid(vm.after)) add(vm.name, after.value, 'after', after.span);
  }
  computed.set(spec, edges);
  return edges;
}
