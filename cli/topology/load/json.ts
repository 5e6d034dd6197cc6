// Strict JSON (RFC 8259) with a span on every value and key. Hand-written because
// JSON.parse neither reports positions nor sees duplicate keys. Stops at the first
// syntax error: after one, any further message would be a guess.
import type { Diagnostic, Span } from '../../diagnostics.js';
import type { RawEntry, RawNode } from '../raw.js';
import { LOAD_CODES, MAX_DEPTH } from './codes.js';
import type { Source } from './source.js';
import { describeAt, endOfContent, numberRange } from './tokens.js';

class JsonError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJson(src: Source): { root: RawNode | null; diagnostics: Diagnostic[] } {
  const parser = new JsonParser(src);
  try {
    return { root: parser.document(), diagnostics: parser.diagnostics };
  } catch (err) {
    if (err instanceof JsonError) return { root: null, diagnostics: [...parser.diagnostics, err.diagnostic] };
    throw err;
  }
}

class JsonParser {
  readonly diagnostics: Diagnostic[] = [];
  private pos = 0;
  private readonly text: string;

  constructor(private readonly src: Source) {
    this.text = src.text;
  }

  document(): RawNode | null {
    this.skipSpace();
    if (this.pos >= this.text.length) {
      this.diagnostics.push(this.src.diag(LOAD_CODES.empty, 'error', 'the topology file is empty', 0, 1,
        'write a JSON object such as {"name": "laptop", "vms": {}}, or run `spectrum init`'));
      return null;
    }
    const root = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.fail(this.pos, `unexpected ${describeAt(this.text, this.pos)} after the end of the top-level value`,
        'a JSON file holds exactly one value; remove the extra text or wrap the values in one object');
    }
    return root;
  }

  private value(depth: number): RawNode {
    const start = this.pos;
    const c = this.text[start];
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) {
        throw new JsonError(this.src.diag(LOAD_CODES.tooDeep, 'error',
          `values are nested more than ${MAX_DEPTH} levels deep`, start, start + 1,
          'a topology needs a few levels; this file is malformed or hostile'));
      }
      return c === '{' ? this.object(depth) : this.array(depth);
    }
    if (c === '"') return { kind: 'string', value: this.string(), span: this.src.span(start, this.pos) };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, make] of LITERALS) {
      if (this.text.startsWith(word, start) && !isWordChar(this.text.charCodeAt(start + word.length))) {
        this.pos += word.length;
        return make(this.src.span(start, this.pos));
      }
    }
    return this.unexpected('a value');
  }

  private object(depth: number): RawNode {
    const open = this.pos++;
    const entries: RawEntry[] = [];
    const seen = new Map<string, number>();
    const done = (): RawNode => ({ kind: 'object', entries, span: this.src.span(open, this.pos) });
    if (this.closes('}')) return done();
    for (;;) {
      this.skipSpace();
      const keyStart = this.pos;
      if (this.text[keyStart] !== '"') {
        if (this.text[keyStart] === '}' && entries.length > 0) {
          this.fail(this.lastComma(keyStart), 'trailing comma before `}`', 'JSON allows no comma after the last member; remove it');
        }
        if (this.pos >= this.text.length) this.eof(open, 'object', '}');
        const hint = this.text[keyStart] === "'" ? 'JSON strings use double quotes' : 'put the key in double quotes, e.g. "name"';
        this.fail(keyStart, `expected a key in double quotes, found ${describeAt(this.text, keyStart)}`, hint);
      }
      const key = this.string();
      const keySpan = this.src.span(keyStart, this.pos);
      this.skipSpace();
      if (this.text[this.pos] !== ':') {
        if (this.pos >= this.text.length) this.eof(open, 'object', '}');
        this.fail(this.pos, `expected \`:\` after the key ${JSON.stringify(key)}, found ${describeAt(this.text, this.pos)}`,
          'separate each key from its value with a colon');
      }
      this.pos++;
      this.skipSpace();
      if (this.pos >= this.text.length) this.eof(open, 'object', '}');
      const value = this.value(depth + 1);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, keyStart);
        entries.push({ key, keySpan, value });
      } else {
        this.diagnostics.push(this.src.diag(LOAD_CODES.duplicateKey, 'error', `duplicate key ${JSON.stringify(key)}`,
          keyStart, this.pos, `the key is first defined at ${this.src.where(first)}; keep one of them`));
      }
      const c = this.afterItem(open, '}');
      if (c === '}') return done();
      if (c !== ',') this.fail(this.pos, this.expectedAfter('}', `the value of ${JSON.stringify(key)}`), c === '"' ? 'separate members with a comma' : undefined);
    }
  }

  private array(depth: number): RawNode {
    const open = this.pos++;
    const items: RawNode[] = [];
    const done = (): RawNode => ({ kind: 'array', items, span: this.src.span(open, this.pos) });
    if (this.closes(']')) return done();
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) this.eof(open, 'list', ']');
      if (this.text[this.pos] === ']' && items.length > 0) {
        this.fail(this.lastComma(this.pos), 'trailing comma before `]`', 'JSON allows no comma after the last item; remove it');
      }
      items.push(this.value(depth + 1));
      const c = this.afterItem(open, ']');
      if (c === ']') return done();
      if (c !== ',') this.fail(this.pos, this.expectedAfter(']', 'a list item'), 'separate list items with commas');
    }
  }

  /** Whether the object or list is empty: `close` right after its opening bracket (consumed). */
  private closes(close: '}' | ']'): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== close) return false;
    this.pos++;
    return true;
  }

  /** The character after a member or item: consumed when it is `,` or `close`; the end of the file fails here. */
  private afterItem(open: number, close: '}' | ']'): string | undefined {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === ',' || c === close) this.pos++;
    else if (this.pos >= this.text.length) this.eof(open, close === '}' ? 'object' : 'list', close);
    return c;
  }

  private expectedAfter(close: '}' | ']', after: string): string {
    return `expected \`,\` or \`${close}\` after ${after}, found ${describeAt(this.text, this.pos)}`;
  }

  /** Reads a string starting at its opening quote; leaves pos after the closing quote. */
  private string(): string {
    const open = this.pos;
    const text = this.text;
    let out = '';
    let chunk = ++this.pos;
    for (;;) {
      const i = this.pos;
      const c = text.charCodeAt(i);
      if (i >= text.length || c === 10 || c === 13) {
        this.fail(open, `unterminated string: the ${i >= text.length ? 'file' : 'line'} ends before the closing \`"\``,
          'close the string on the same line; write a line break inside it as \\n');
      }
      if (c === 34) { // "
        this.pos++;
        return out + text.slice(chunk, i);
      }
      if (c < 0x20) {
        this.fail(i, `control character U+${c.toString(16).padStart(4, '0').toUpperCase()} must be escaped in a JSON string`,
          c === 9 ? 'write a tab as \\t' : 'write it as \\u followed by four hex digits');
      }
      if (c === 92) { // backslash
        out += text.slice(chunk, i);
        const e = text[i + 1];
        if (e === 'u') {
          const unit = this.hex4(i);
          if (unit >= 0xd800 && unit <= 0xdbff && text.startsWith('\\u', i + 6)) {
            const low = this.hex4(i + 6);
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(unit, low);
              this.pos = chunk = i + 12;
              continue;
            }
          }
          if (unit >= 0xd800 && unit <= 0xdfff) {
            this.fail(i, `\\u${text.slice(i + 2, i + 6)} is half of a UTF-16 surrogate pair, not a character`,
              'write the character itself, or both halves of the pair');
          }
          out += String.fromCharCode(unit);
          this.pos = chunk = i + 6;
          continue;
        }
        const mapped = e === undefined ? undefined : ESCAPES[e];
        if (mapped === undefined) {
          if (e === undefined) this.fail(open, 'unterminated string: the file ends before the closing `"`');
          this.fail(i, `invalid escape \`\\${e}\` in a string`, 'JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\');
        }
        out += mapped;
        this.pos = chunk = i + 2;
        continue;
      }
      this.pos++;
    }
  }

  private hex4(backslash: number): number {
    const digits = this.text.slice(backslash + 2, backslash + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
      this.fail(backslash, 'invalid escape: `\\u` must be followed by four hex digits', 'e.g. \\u00e9 for é');
    }
    return parseInt(digits, 16);
  }

  private number(): RawNode {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const token = NUMBER.exec(this.text)?.[0] ?? '';
    const after = this.text.charCodeAt(start + token.length);
    if (!token || token === '-' || isWordChar(after) || after === 46 /* . */) {
      if (/^-?0[0-9]/.test(this.text.slice(start, start + 3))) {
        this.fail(start, 'numbers must not have leading zeros in JSON', 'write 7 instead of 07');
      }
      const written = /^[-+0-9.eE]+/.exec(this.text.slice(start, start + 40))?.[0] ?? '-';
      this.fail(start, `\`${written}\` is not a valid JSON number`, 'JSON numbers look like 12, -3, 1.5 or 2e3, with digits on both sides of a decimal point');
    }
    this.pos = start + token.length;
    const value = Number(token);
    if (!Number.isFinite(value) || (!/[.eE]/.test(token) && !Number.isSafeInteger(value))) {
      const { message, hint } = numberRange(token);
      this.diagnostics.push(this.src.diag(LOAD_CODES.numberRange, 'error', message, start, this.pos, hint));
    }
    return { kind: 'number', value, span: this.src.span(start, this.pos) };
  }

  private skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) { this.pos++; continue; }
      if (c === 47 && (text[this.pos + 1] === '/' || text[this.pos + 1] === '*')) {
        this.fail(this.pos, 'comments are not allowed in JSON', 'remove the comment, or use topology.yaml or topology.nix, which allow comments');
      }
      return;
    }
  }

  private lastComma(before: number): number {
    return this.text.lastIndexOf(',', before);
  }

  private unexpected(expected: string, at = this.pos): never {
    if (at >= this.text.length) this.fail(endOfContent(this.text), `the file ends where ${expected} was expected`);
    const c = this.text[at];
    const hint = c === "'" ? 'JSON strings use double quotes'
      : /[A-Za-z_]/.test(c ?? '') ? 'strings need double quotes; the only bare words are true, false and null' : undefined;
    return this.fail(at, `expected ${expected}, found ${describeAt(this.text, at)}`, hint);
  }

  private eof(open: number, what: 'object' | 'list', closer: string): never {
    return this.fail(endOfContent(this.text), `the file ends before the ${what} opened at ${this.src.where(open)} is closed`,
      `add the missing \`${closer}\` (the file may have been cut off)`);
  }

  private fail(at: number, message: string, hint?: string): never {
    throw new JsonError(this.src.diag(LOAD_CODES.syntax, 'error', message, at, at + 1, hint));
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: [string, (span: Span) => RawNode][] = [
  ['true', (span) => ({ kind: 'boolean', value: true, span })],
  ['false', (span) => ({ kind: 'boolean', value: false, span })],
  ['null', (span) => ({ kind: 'null', span })],
];

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
