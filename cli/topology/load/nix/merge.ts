// Nix's rules for defining one attribute path in an attribute set literal (Nix 2.x's
// `addAttr`): `a.b = 1; a.c = 2;` builds one set; a path may pass through a set that a
// literal defined; two literal sets for the same name merge one level deep; anything
// else defined twice is an error.
import type { Diagnostic, Span } from '../../../diagnostics.js';
import type { RawEntry, RawNode, RawObject } from '../../raw.js';
import { LOAD_CODES } from '../codes.js';

export interface PathKey {
  key: string;
  span: Span;
}

const indexes = new WeakMap<RawObject, Map<string, RawEntry>>();

function indexOf(obj: RawObject): Map<string, RawEntry> {
  let index = indexes.get(obj);
  if (!index) {
    index = new Map(obj.entries.map((e) => [e.key, e]));
    indexes.set(obj, index);
  }
  return index;
}

function add(obj: RawObject, entry: RawEntry): void {
  obj.entries.push(entry);
  indexOf(obj).set(entry.key, entry);
}

export function mergeBinding(root: RawObject, path: PathKey[], value: RawNode, out: Diagnostic[]): void {
  let obj = root;
  for (let i = 0; i < path.length - 1; i++) {
    const { key, span } = path[i]!;
    const existing = indexOf(obj).get(key);
    if (!existing) {
      const nested: RawObject = { kind: 'object', entries: [], span };
      add(obj, { key, keySpan: span, value: nested });
      obj = nested;
    } else if (existing.value.kind === 'object') {
      obj = existing.value;
    } else {
      out.push(duplicate(path, i, existing));
      return;
    }
  }
  const last = path[path.length - 1]!;
  const existing = indexOf(obj).get(last.key);
  if (!existing) {
    add(obj, { key: last.key, keySpan: last.span, value });
  } else if (existing.value.kind === 'object' && value.kind === 'object') {
    for (const entry of value.entries) {
      const clash = indexOf(existing.value).get(entry.key);
      if (clash) out.push(duplicate([...path, { key: entry.key, span: entry.keySpan }], path.length, clash));
      else add(existing.value, entry);
    }
  } else {
    out.push(duplicate(path, path.length - 1, existing));
  }
}

function duplicate(path: PathKey[], at: number, first: RawEntry): Diagnostic {
  const name = path.map((p) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(p.key) ? p.key : JSON.stringify(p.key))).join('.');
  const span = path[at]!.span;
  return {
    code: LOAD_CODES.duplicateKey,
    severity: 'error',
    message: `attribute \`${name}\` is already defined at ${first.keySpan.line}:${first.keySpan.column}`,
    span,
    hint: 'remove one of the definitions, or merge them into one attribute set',
  };
}
