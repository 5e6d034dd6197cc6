// Start-ordering edges: a VM starts after its net VM, its display VM, the USB VMs when it
// forwards USB devices, and whatever it lists in `after`. Validation looks for cycles in
// them; resolve orders the VMs by them.
import type { Span } from '../../diagnostics.js';
import { getList, getString, getStrings, type TopologyView } from './view.js';

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

// Validation and resolve both need the edges of the same view.
const computed = new WeakMap<TopologyView, Edge[]>();

/** Edges between defined VMs, in file order; references to unknown VMs are left out. */
export function startEdges(view: TopologyView): Edge[] {
  const known = computed.get(view);
  if (known) return known;
  const usbVms = view.vms.filter((vm) => vm.role === 'usb').map((vm) => vm.name);
  const edges: Edge[] = [];
  const add = (from: string, to: string, via: EdgeKind, span: Span): void => {
    if (view.byName.has(to)) edges.push({ from, to, via, span });
  };
  for (const vm of view.vms) {
    for (const via of ['net', 'display'] as const) {
      const target = getString(vm.node, via);
      if (target) add(vm.name, target.value, via, target.span);
    }
    const usb = getList(vm.node, 'usb');
    if (usb && usb.items.length > 0) {
      for (const name of usbVms) if (name !== vm.name) add(vm.name, name, 'usb', usb.span);
    }
    for (const after of getStrings(vm.node, 'after')) add(vm.name, after.value, 'after', after.span);
  }
  computed.set(view, edges);
  return edges;
}
