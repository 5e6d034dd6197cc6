// A cycle in start ordering cannot be started: report each one once, with its path.
import { CODES } from '../codes.js';
import { at, type Ctx } from '../context.js';
import { startEdges, type Edge } from '../../language/edges.js';
import { compareNames } from '../../language/names.js';
import { quote } from '../../../output/quote.js';

// Tarjan's strongly connected components, iterative so a 10,000-VM chain cannot overflow the stack.
function components(nodes: string[], out: Map<string, Edge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    visit(root);
    const work = [{ v: root, i: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const next = out.get(frame.v) ?? [];
      if (frame.i < next.length) {
        const w = next[frame.i++].to;
        if (!index.has(w)) {
          visit(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        found.push(component);
      }
    }
  }
  return found;
}

/** The shortest way from `start` back to itself inside its component, as edges. */
function cyclePath(start: string, members: Set<string>, out: Map<string, Edge[]>): Edge[] {
  const via = new Map<string, Edge>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    for (const edge of out.get(queue[q]) ?? []) {
      if (!members.has(edge.to)) continue;
      if (edge.to === start) {
        const path = [edge];
        for (let v = queue[q]; v !== start; v = via.get(v)!.from) path.unshift(via.get(v)!);
        return path;
      }
      if (!via.has(edge.to)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return [];
}

const MAX_SHOWN = 8;

function describe(path: Edge[]): { route: string; edges: string } {
  const names = [...path.map((e) => quote(e.from)), quote(path[0].from)];
  const shown = names.length > MAX_SHOWN ? [...names.slice(0, 4), `… (${path.length} VMs) …`, ...names.slice(-3)] : names;
  const edges = path
    .slice(0, MAX_SHOWN)
    .map((e) => `${e.via} of ${quote(e.from)}${e.via === 'usb' ? ' (it waits for the USB VMs)' : ''} (${at(e.span)})`)
    .join(', ');
  return { route: shown.join(' → '), edges: path.length > MAX_SHOWN ? `${edges}, …` : edges };
}

export function startCycles(ctx: Ctx): void {
  const out = new Map<string, Edge[]>();
  for (const edge of startEdges(ctx.spec)) {
    const list = out.get(edge.from) ?? [];
    list.push(edge);
    out.set(edge.from, list);
  }
  for (const list of out.values()) list.sort((a, b) => compareNames(a.to, b.to));
  const nodes = ctx.spec.vms.map((vm) => vm.name);
  for (const component of components(nodes, out)) {
    const start = component.reduce((a, b) => (compareNames(b, a) < 0 ? b : a));
    const path = cyclePath(start, new Set(component), out);
    if (path.length === 0) continue;
    const { route, edges } = describe(path);
    ctx.report({
      code: CODES.startCycle,
      span: path[0].span,
      message: path.length === 1 ? `VM ${quote(start)} would have to start after itself` : `start ordering has a cycle: ${route}`,
      hint: `remove one of these dependencies: ${edges}`,
    });
  }
}
