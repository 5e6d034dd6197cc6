// Shared by the load tests: values without spans, and compact diagnostic positions.
import type { Diagnostic } from '../../../cli/diagnostics.js';
import type { RawNode } from '../../../cli/topology/raw.js';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** The meaning of a tree: what JSON.parse would give, keys in source order. */
export function plain(node: RawNode | null): Plain {
  if (node === null) return null;
  switch (node.kind) {
    case 'object': {
      const out: { [key: string]: Plain } = {};
      for (const e of node.entries) Object.defineProperty(out, e.key, { value: plain(e.value), enumerable: true });
      return out;
    }
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/** `code@line:col` of each diagnostic: what the position tests compare. */
export function where(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.column}`);
}

/** The value node at a path of keys and indexes. */
export function at(node: RawNode | null, ...path: (string | number)[]): RawNode {
  let n = node;
  for (const step of path) {
    if (n?.kind === 'object') n = n.entries.find((e) => e.key === step)?.value ?? null;
    else if (n?.kind === 'array' && typeof step === 'number') n = n.items[step] ?? null;
    else n = null;
    if (!n) throw new Error(`no value at ${path.join('.')}`);
  }
  return n!;
}

/** The entry (key and value) of the last key in a path. */
export function entry(node: RawNode | null, ...path: string[]) {
  const parent = at(node, ...path.slice(0, -1));
  if (parent.kind !== 'object') throw new Error('not an object');
  const found = parent.entries.find((e) => e.key === path[path.length - 1]);
  if (!found) throw new Error(`no key ${path.join('.')}`);
  return found;
}
