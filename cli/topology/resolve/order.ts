// Start order: every VM after the VMs it waits for; among VMs that are ready at the same
// time, by name, so the order is the same on every run and machine.
import type { Edge } from '../language/edges.js';
import { compareNames } from '../language/names.js';

/** A binary min-heap of names (the ready set can hold all 10,000 VMs of a big topology). */
class NameHeap {
  private readonly items: string[] = [];

  get size(): number {
    return this.items.length;
  }

  push(name: string): void {
    const a = this.items;
    a.push(name);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (compareNames(a[parent], a[i]) <= 0) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): string {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && compareNames(a[l], a[m]) < 0) m = l;
        if (r < a.length && compareNames(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Kahn's algorithm. Validation has rejected cycles, so every VM is placed. */
export function startOrder(names: readonly string[], edges: readonly Edge[]): string[] {
  const waiting = new Map<string, number>(names.map((n) => [n, 0]));
  const dependents = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const { from, to } of edges) {
    const key = `${from}\0${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    waiting.set(from, waiting.get(from)! + 1);
    const list = dependents.get(to);
    if (list) list.push(from);
    else dependents.set(to, [from]);
  }
  const ready = new NameHeap();
  for (const [name, count] of waiting) if (count === 0) ready.push(name);
  const order: string[] = [];
  while (ready.size > 0) {
    const name = ready.pop();
    order.push(name);
    for (const d of dependents.get(name) ?? []) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (order.length !== names.length) throw new Error('start ordering has a cycle that validation did not report');
  return order;
}
