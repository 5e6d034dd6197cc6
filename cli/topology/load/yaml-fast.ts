// A fast reader for the plain YAML that topologies are written in: block mappings and
// sequences, one-line flow collections, plain and quoted one-line scalars, comments.
// The `yaml` package costs ~1 ms per VM; this costs a few µs. At the first thing outside
// that subset (anchors, tags, block scalars, multi-line scalars, escapes, tabs, CR,
// duplicate keys, any error) it gives up and the package reads the file, so the subset
// never decides what a file means on its own: tests check it against the package.
import type { RawEntry, RawNode } from '../raw.js';
import { MAX_DEPTH } from './codes.js';
import type { Source } from './source.js';

/** Thrown to step aside; not an Error, so throwing it records no stack trace. */
class Bail {}

const bail = (): never => {
  throw new Bail();
};

export function fastYaml(src: Source): RawNode | undefined {
  const text = src.text;
  if (text.includes('\t') || text.includes('\r') || text.includes('\\')) return undefined;
  try {
    return new FastYaml(src).document();
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}

class FastYaml {
  private readonly text: string;
  /** Start offsets of the lines that hold content (not blank, not only a comment). */
  private readonly lines: number[] = [];
  private li = 0;

  constructor(private readonly src: Source) {
    this.text = src.text;
    for (let start = 0; start <= this.text.length; ) {
      const nl = this.text.indexOf('\n', start);
      const end = nl === -1 ? this.text.length : nl;
      const first = this.skipSpaces(start);
      if (first < end && this.text[first] !== '#') this.lines.push(start);
      start = end + 1;
    }
  }

  document(): RawNode {
    if (this.lines.length === 0) bail();
    const first = this.lines[0]!;
    const at = this.skipSpaces(first);
    if (this.text.startsWith('---', at) || this.text[at] === '%') bail();
    const root = this.block(at - first, 0);
    if (this.li < this.lines.length) bail();
    return root;
  }

  private block(indent: number, depth: number): RawNode {
    if (depth >= MAX_DEPTH) bail();
    const start = this.lines[this.li]! + indent;
    return this.isSeqEntry(start) ? this.seq(indent, depth) : this.map(indent, start, depth);
  }

  private map(indent: number, firstKey: number, depth: number): RawNode {
    const entries: RawEntry[] = [];
    const seen = new Set<string>();
    let keyAt = firstKey;
    for (;;) {
      const { key, end } = this.key(keyAt);
      if (seen.has(key)) bail();
      seen.add(key);
      const keySpan = this.src.span(keyAt, end);
      const afterColon = end + 1;
      const lineEnd = this.lineEnd(afterColon);
      const valueAt = this.skipSpaces(afterColon);
      this.li++;
      let value: RawNode;
      if (valueAt >= lineEnd || this.text[valueAt] === '#') {
        // `key:` with the value on the following lines, or nothing (null).
        const next = this.nextIndent();
        if (next > indent) value = this.block(next, depth + 1);
        else if (next === indent && this.isSeqEntry(this.lines[this.li]! + indent)) value = this.seq(indent, depth + 1);
        else if (afterColon === lineEnd) {
          value = { kind: 'null', span: this.src.span(afterColon, afterColon) };
        } else return bail();
      } else {
        value = this.inlineValue(valueAt, depth + 1);
        if (this.nextIndent() > indent) bail();
      }
      entries.push({ key, keySpan, value });
      if (this.nextIndent() !== indent) break;
      keyAt = this.lines[this.li]! + indent;
      if (this.isSeqEntry(keyAt)) bail();
    }
    if (this.nextIndent() > indent) bail();
    return { kind: 'object', entries, span: this.src.span(firstKey, firstKey + this.text.length) };
  }

  private seq(indent: number, depth: number): RawNode {
    const items: RawNode[] = [];
    const first = this.lines[this.li]! + indent;
    while (this.nextIndent() === indent && this.isSeqEntry(this.lines[this.li]! + indent)) {
      const dash = this.lines[this.li]! + indent;
      const at = this.skipSpaces(dash + 1);
      const lineEnd = this.lineEnd(at);
      if (at >= lineEnd || this.text[at] === '#' || this.isSeqEntry(at)) bail();
      if (this.tryKey(at)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        items.push(this.map(at - this.lines[this.li]!, at, depth + 1));
        continue;
      }
      this.li++;
      items.push(this.inlineValue(at, depth + 1));
      if (this.nextIndent() > indent) bail();
    }
    if (this.nextIndent() > indent) bail();
    return { kind: 'array', items, span: this.src.span(first, first + this.text.length) };
  }

  /** A value that starts and ends on the current line (already counted in `li`). */
  private inlineValue(at: number, depth: number): RawNode {
    const { node, end } = this.value(at, false, depth);
    this.expectLineEnd(end);
    return node;
  }

  private value(at: number, flow: boolean, depth: number): { node: RawNode; end: number } {
    const c = this.text[at];
    if (c === '[' || c === '{') {
      if (depth >= MAX_DEPTH) bail();
      return c === '[' ? this.flowSeq(at, depth) : this.flowMap(at, depth);
    }
    if (c === '"' || c === "'") {
      const { value, end } = this.quoted(at);
      return { node: { kind: 'string', value, span: this.src.span(at, end) }, end };
    }
    const end = this.plainEnd(at, flow);
    return { node: this.plainScalar(at, end), end };
  }

  private flowSeq(open: number, depth: number): { node: RawNode; end: number } {
    const items: RawNode[] = [];
    let at = this.skipSpaces(open + 1);
    if (this.text[at] === ']') return { node: { kind: 'array', items, span: this.src.span(open, at + 1) }, end: at + 1 };
    for (;;) {
      if (this.tryKey(at, true)) bail();
      const { node, end } = this.value(at, true, depth + 1);
      items.push(node);
      const next = this.nextFlowEntry(end, ']');
      if (next.closed) return { node: { kind: 'array', items, span: this.src.span(open, next.at + 1) }, end: next.at + 1 };
      at = next.at;
    }
  }

  private flowMap(open: number, depth: number): { node: RawNode; end: number } {
    const entries: RawEntry[] = [];
    const seen = new Set<string>();
    let at = this.skipSpaces(open + 1);
    if (this.text[at] === '}') return { node: { kind: 'object', entries, span: this.src.span(open, at + 1) }, end: at + 1 };
    for (;;) {
      const { key, end: keyEnd } = this.key(at, true);
      if (seen.has(key)) bail();
      seen.add(key);
      const valueAt = this.skipSpaces(keyEnd + 1);
      if (valueAt === keyEnd + 1 || ',}'.includes(this.text[valueAt] ?? '')) bail();
      const { node, end } = this.value(valueAt, true, depth + 1);
      entries.push({ key, keySpan: this.src.span(at, keyEnd), value: node });
      const next = this.nextFlowEntry(end, '}');
      if (next.closed) return { node: { kind: 'object', entries, span: this.src.span(open, next.at + 1) }, end: next.at + 1 };
      at = next.at;
    }
  }

  /** After a flow entry ending at `end`: the closing bracket's offset, or where the next entry starts. */
  private nextFlowEntry(end: number, close: ']' | '}'): { closed: boolean; at: number } {
    const at = this.skipSpaces(end);
    const c = this.text[at];
    if (c === close) return { closed: true, at };
    if (c !== ',') bail();
    const next = this.skipSpaces(at + 1);
    // `[a, ]` and `[a,, b]` mean things this reader leaves to the full parser.
    if (this.text[next] === close || this.text[next] === ',') bail();
    return { closed: false, at: next };
  }

  /** A mapping key at `at`: its text and the offset of its colon. */
  private key(at: number, flow = false): { key: string; end: number } {
    return this.tryKey(at, flow) ?? bail();
  }

  /** Like `key`, but undefined where no plain key starts (the common case for list items). */
  private tryKey(at: number, flow = false): { key: string; end: number } | undefined {
    const c = this.text[at];
    if (c === '"' || c === "'") {
      const { value, end } = this.quoted(at);
      return this.text[end] === ':' && this.separates(end + 1, flow) ? { key: value, end } : undefined;
    }
    if (!this.canStartPlain(at)) return undefined;
    const lineEnd = this.lineEnd(at);
    for (let i = at; i < lineEnd; i++) {
      const ch = this.text[i]!;
      if (ch === ':' && this.separates(i + 1, flow)) {
        if (this.text[i - 1] === ' ') bail();
        // A merge key (<<) is for the full reader to refuse.
        if (i - at === 2 && this.text.startsWith('<<', at)) bail();
        return { key: this.text.slice(at, i), end: i };
      }
      if (ch === '#' && this.text[i - 1] === ' ') return undefined;
      if (flow && (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}')) return undefined;
    }
    return undefined;
  }

  /** Whether a `:` just before `i` ends a key: followed by a space or the line's end. */
  private separates(i: number, flow: boolean): boolean {
    const c = this.text[i];
    if (flow && c !== undefined && ',[]{}'.includes(c)) bail();
    return c === ' ' || c === '\n' || c === undefined;
  }

  private canStartPlain(at: number): boolean {
    const c = this.text[at] ?? '';
    if ('-?:,[]{}#&*!|>\'"%@`'.includes(c) || c === '' || c === ' ' || c === '\n') {
      return c === '-' && /[0-9.]/.test(this.text[at + 1] ?? '');
    }
    return true;
  }

  /** End of a one-line plain scalar; anything a plain scalar cannot hold makes it bail. */
  private plainEnd(at: number, flow: boolean): number {
    if (!this.canStartPlain(at)) bail();
    const lineEnd = this.lineEnd(at);
    let end = at;
    for (let i = at; i < lineEnd; i++) {
      const ch = this.text[i]!;
      if (ch === '#' && this.text[i - 1] === ' ') break;
      if (ch === ':' && (i + 1 >= lineEnd || this.text[i + 1] === ' ' || (flow && ',[]{}'.includes(this.text[i + 1]!)))) bail();
      if (flow && (ch === ',' || ch === ']' || ch === '}')) break;
      if (flow && (ch === '[' || ch === '{')) bail();
      if (ch !== ' ') end = i + 1;
    }
    return end;
  }

  private plainScalar(at: number, end: number): RawNode {
    const raw = this.text.slice(at, end);
    const span = this.src.span(at, end);
    if (/^(?:~|[Nn]ull|NULL)$/.test(raw)) return { kind: 'null', span };
    if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(raw)) return { kind: 'boolean', value: raw[0] === 't' || raw[0] === 'T', span };
    let value: number | undefined;
    if (/^0o[0-7]+$/.test(raw)) value = parseInt(raw.slice(2), 8);
    else if (/^0x[0-9a-fA-F]+$/.test(raw)) value = parseInt(raw.slice(2), 16);
    else if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw)) value = Number(raw);
    else if (/^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(raw)) bail();
    if (value === undefined) return { kind: 'string', value: raw, span };
    // Out-of-range numbers get the package's path and its diagnostics.
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) bail();
    return { kind: 'number', value, span };
  }

  /** A one-line quoted scalar without escapes other than `''` in single quotes. */
  private quoted(at: number): { value: string; end: number } {
    const q = this.text[at]!;
    const lineEnd = this.lineEnd(at);
    let value = '';
    for (let i = at + 1; i < lineEnd; i++) {
      const close = this.text.indexOf(q, i);
      if (close === -1 || close >= lineEnd) break;
      value += this.text.slice(i, close);
      if (q === "'" && this.text[close + 1] === "'") {
        value += "'";
        i = close + 1;
        continue;
      }
      return { value, end: close + 1 };
    }
    return bail();
  }

  private expectLineEnd(at: number): void {
    const i = this.skipSpaces(at);
    const lineEnd = this.lineEnd(at);
    if (i < lineEnd && !(this.text[i] === '#' && i > at)) bail();
  }

  /** Indentation of the next content line, or -1 at the end of the file. */
  private nextIndent(): number {
    const start = this.lines[this.li];
    if (start === undefined) return -1;
    const indent = this.skipSpaces(start) - start;
    if (this.text.startsWith('---', start) || this.text.startsWith('...', start)) bail();
    return indent;
  }

  private isSeqEntry(at: number): boolean {
    return this.text[at] === '-' && (this.text[at + 1] === ' ' || this.text[at + 1] === '\n' || at + 1 >= this.text.length);
  }

  private lineEnd(at: number): number {
    const nl = this.text.indexOf('\n', at);
    return nl === -1 ? this.text.length : nl;
  }

  private skipSpaces(at: number): number {
    while (this.text[at] === ' ') at++;
    return at;
  }
}
