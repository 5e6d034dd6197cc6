// The literal subset of Nix -> RawNode, walking tree-sitter's tree with one cursor (node
// objects would cost a native call and an allocation per access on 10 MB files).
// Anything that needs evaluation stops the walk: the caller decides whether Nix runs.
import type { TreeCursor } from 'tree-sitter';
import type { Diagnostic } from '../../../diagnostics.js';
import type { RawArray, RawNode, RawObject } from '../../raw.js';
import { LOAD_CODES, MAX_DEPTH } from '../codes.js';
import type { Source } from '../source.js';
import { mergeBinding, type PathKey } from './merge.js';
import { describeNonLiteral } from './non-literal.js';
import { numberRange } from '../tokens.js';
import { decodeDoubleQuoted, decodeIndented } from './strings.js';

export interface NonLiteral {
  start: number;
  end: number;
  /** What the construct is, for messages: "`let … in`", "the variable `pkgs`". */
  what: string;
}

/** Identifiers joined by dots, no spaces or comments between: Nix's plain attribute path. */
const PLAIN_PATH = /^[A-Za-z_][A-Za-z0-9_'-]*(?:\.[A-Za-z_][A-Za-z0-9_'-]*)*$/;

class NonLiteralFound extends Error {
  constructor(readonly found: NonLiteral) {
    super(found.what);
  }
}

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

export function convert(src: Source, cursor: TreeCursor): { root: RawNode | null; diagnostics: Diagnostic[]; nonLiteral?: NonLiteral } {
  const converter = new Converter(src, cursor);
  try {
    return { root: converter.value(0), diagnostics: converter.diagnostics };
  } catch (err) {
    if (err instanceof NonLiteralFound) return { root: null, diagnostics: [], nonLiteral: err.found };
    if (err instanceof TooDeep) {
      return { root: null, diagnostics: [src.diag(LOAD_CODES.tooDeep, 'error', `values are nested more than ${MAX_DEPTH} levels deep`,
        err.offset, err.offset + 1, 'a topology needs a few levels; this file is malformed or hostile')] };
    }
    throw err;
  }
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly src: Source, private readonly c: TreeCursor) {}

  /**
   * Converts the expression under the cursor (of node type `type`, which the caller has
   * read: every cursor access is a native call); the cursor is back on it afterwards.
   */
  value(depth: number, type: string = this.c.nodeType): RawNode {
    const c = this.c;
    const start = c.startIndex;
    const end = c.endIndex;
    if (type === 'attrset_expression') return this.attrset(depth, start, end);
    if (type === 'list_expression') return this.list(depth, start, end);
    const span = this.src.span(start, end);
    switch (type) {
      case 'string_expression':
        return { kind: 'string', value: this.string(start, end, 1, decodeDoubleQuoted), span };
      case 'indented_string_expression':
        return { kind: 'string', value: this.string(start, end, 2, decodeIndented), span };
      case 'uri_expression':
        // A bare URL is a string in Nix.
        return { kind: 'string', value: this.src.text.slice(start, end), span };
      case 'integer_expression':
      case 'float_expression':
        return this.number(start, end, 1);
      case 'unary_expression':
        return this.negative(start);
      case 'parenthesized_expression':
        return this.inner(depth);
      case 'variable_expression': {
        const name = this.src.text.slice(start, end);
        if (name === 'true' || name === 'false') return { kind: 'boolean', value: name === 'true', span };
        if (name === 'null') return { kind: 'null', span };
        break;
      }
    }
    throw new NonLiteralFound({ start, end, what: describeNonLiteral(type, this.src.text.slice(start, Math.min(end, start + 60))) });
  }

  private attrset(depth: number, start: number, end: number): RawObject {
    if (depth >= MAX_DEPTH) throw new TooDeep(start);
    const obj: RawObject = { kind: 'object', entries: [], span: this.src.span(start, end) };
    this.children((type) => {
      if (type === 'binding_set') this.children((binding) => this.binding(binding, obj, depth));
    });
    return obj;
  }

  private binding(type: string, obj: RawObject, depth: number): void {
    const c = this.c;
    if (type !== 'binding') {
      throw new NonLiteralFound({ start: c.startIndex, end: c.endIndex, what: describeNonLiteral(type, '') });
    }
    let path: PathKey[] = [];
    let value: RawNode | undefined;
    this.children((child) => {
      if (child === 'attrpath') {
        path = this.attrpath();
        if (depth + path.length > MAX_DEPTH) throw new TooDeep(c.startIndex);
      } else if (child !== '=' && child !== ';') {
        value = this.value(depth + path.length, child);
      }
    });
    if (value) mergeBinding(obj, path, value, this.diagnostics);
  }

  private attrpath(): PathKey[] {
    const c = this.c;
    const keys: PathKey[] = [];
    // Most paths are plain names (`vcpus`, `a.b`): read from the text, not node by node.
    const start = c.startIndex;
    const text = this.src.text.slice(start, c.endIndex);
    if (PLAIN_PATH.test(text)) {
      let at = start;
      for (const key of text.split('.')) {
        keys.push({ key, span: this.src.span(at, at + key.length) });
        at += key.length + 1;
      }
      return keys;
    }
    this.children((type) => {
      const start = c.startIndex;
      const end = c.endIndex;
      if (type === 'identifier') keys.push({ key: this.src.text.slice(start, end), span: this.src.span(start, end) });
      else if (type === 'string_expression') {
        keys.push({ key: this.string(start, end, 1, decodeDoubleQuoted), span: this.src.span(start, end) });
      } else if (type === 'interpolation') {
        throw new NonLiteralFound({ start, end, what: 'an attribute name computed with `${…}`' });
      }
    });
    return keys;
  }

  private list(depth: number, start: number, end: number): RawArray {
    if (depth >= MAX_DEPTH) throw new TooDeep(start);
    const items: RawNode[] = [];
    const span = this.src.span(start, end);
    this.children((type) => {
      if (type !== '[' && type !== ']') items.push(this.value(depth + 1, type));
    });
    return { kind: 'array', items, span };
  }

  private string(start: number, end: number, quote: number, decode: (body: string) => string): string {
    const c = this.c;
    const body = this.src.text.slice(start + quote, end - quote);
    // Only a string holding `${` can interpolate; the others need no walk of their parts.
    if (body.includes('${')) {
      this.children((type) => {
        if (type === 'interpolation') {
          throw new NonLiteralFound({ start: c.startIndex, end: c.endIndex, what: 'string interpolation `${…}`' });
        }
      });
    }
    return decode(body);
  }

  private number(start: number, end: number, sign: 1 | -1, from = start): RawNode {
    const text = this.src.text.slice(start, end);
    const value = sign * Number(text);
    const span = this.src.span(from, end);
    const isInteger = /^[0-9]+$/.test(text);
    if (!Number.isFinite(value) || (isInteger && !Number.isSafeInteger(value))) {
      // Named as written, sign included, as the other syntaxes name it.
      const { message, hint } = numberRange(this.src.text.slice(from, end));
      this.diagnostics.push(this.src.diag(LOAD_CODES.numberRange, 'error', message, from, end, hint));
    }
    return { kind: 'number', value, span };
  }

  /** `-3` and `-1.5` are literal enough: Nix folds them to constants. */
  private negative(from: number): RawNode {
    const c = this.c;
    let result: RawNode | undefined;
    let operator = '';
    this.children((type) => {
      if (!c.nodeIsNamed) operator = type;
      else if (operator === '-' && (type === 'integer_expression' || type === 'float_expression')) {
        result = this.number(c.startIndex, c.endIndex, -1, from);
      }
    });
    if (result) return result;
    throw new NonLiteralFound({ start: from, end: c.endIndex, what: describeNonLiteral('unary_expression', operator) });
  }

  private inner(depth: number): RawNode {
    const c = this.c;
    let result: RawNode | undefined;
    this.children((type) => {
      if (c.nodeIsNamed) result = this.value(depth, type);
    });
    return result!;
  }

  /** Calls `visit` with the cursor on each child except comments, then returns to the parent. */
  private children(visit: (type: string) => void): void {
    const c = this.c;
    if (!c.gotoFirstChild()) return;
    do {
      const type = c.nodeType;
      if (type !== 'comment') visit(type);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
}
