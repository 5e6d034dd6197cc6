// The loaders' common output: a JSON-like tree where every node keeps its source span.
// Validation reads only this, so every syntax gets the same rules and positions.
import type { Span } from '../diagnostics.js';

export type RawNode = RawObject | RawArray | RawScalar;

export interface RawObject {
  kind: 'object';
  entries: RawEntry[];
  span: Span;
}

export interface RawEntry {
  key: string;
  keySpan: Span;
  value: RawNode;
}

export interface RawArray {
  kind: 'array';
  items: RawNode[];
  span: Span;
}

export type RawScalar =
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'null'; span: Span };
