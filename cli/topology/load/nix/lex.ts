// The one lexer spectrum has of Nix's own, beside tree-sitter: it knows only what decides
// where strings, comments and brackets begin and end. Strings (plain and indented) with
// their escapes and interpolations, comments, brackets, and the tokens that hold quotes
// without opening a string: identifiers (`x''`) and bare URIs (`http://a/b''c`). The string
// masking before parsing and the bracket scan after a syntax error both walk it, so the two
// cannot disagree about where a string is.

const enum Ch {
  Plus = 43, Dot = 46, Colon = 58, Quote = 34, Hash = 35, Dollar = 36, Apostrophe = 39, Star = 42, Slash = 47,
  Backslash = 92, OpenBrace = 123, CloseBrace = 125, OpenBracket = 91, CloseBracket = 93, OpenParen = 40, CloseParen = 41,
}

/** What can be open: a string, an interpolation's code, or a bracket. */
export type Opened = 'string' | 'indented' | 'interpolation' | '{' | '[' | '(';

const CLOSER: Record<Opened, string> = { string: '"', indented: "''", interpolation: '}', '{': '}', '[': ']', '(': ')' };

export interface OpenFrame {
  kind: Opened;
  /** Offset of the opening token. */
  at: number;
}

/** What the walk tells its reader; returning true from any of them stops the walk. */
export interface LexReader {
  /** A string closed at `stop` (the offset of its closing quote). */
  stringClosed?(frame: OpenFrame, bodyStart: number, stop: number, hasEscapes: boolean, interpolated: boolean): boolean | void;
  /** A closing bracket that does not close what is open (`open` is undefined when nothing is). */
  strayCloser?(at: number, closer: string, open: OpenFrame | undefined): boolean | void;
  /** A `/*` without its `*\/`. */
  unterminatedComment?(at: number): boolean | void;
}

/** The closing token of what `frame` opened: `"`, `''`, `}`, `]` or `)`. */
export const closerOf = (frame: OpenFrame): string => CLOSER[frame.kind];

interface StringFrame extends OpenFrame {
  bodyStart: number;
  hasEscapes: boolean;
  interpolated: boolean;
}

// Nix's lexer reads a bare URI as one token: scheme `:` then at least one URI character.
const URI = /[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/y;

const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === Ch.Apostrophe || c === 45;

const BRACKETS: Record<number, Opened> = { [Ch.OpenBrace]: '{', [Ch.OpenBracket]: '[', [Ch.OpenParen]: '(' };
const CLOSING = new Set<number>([Ch.CloseBrace, Ch.CloseBracket, Ch.CloseParen]);

/** Walks `text`; returns what is still open at the end (or when a reader stopped), innermost last. */
export function lexNix(text: string, reader: LexReader): OpenFrame[] {
  const stack: Array<OpenFrame | StringFrame> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const frame = stack[stack.length - 1];
    if (frame && (frame.kind === 'string' || frame.kind === 'indented')) {
      const string = frame as StringFrame;
      const stop = scanBody(text, i, string);
      if (stop >= n) break;
      if (text.charCodeAt(stop) === Ch.Dollar) {
        string.interpolated = true;
        stack.push({ kind: 'interpolation', at: stop });
        i = stop + 2;
        continue;
      }
      stack.pop();
      if (reader.stringClosed?.(string, string.bodyStart, stop, string.hasEscapes, string.interpolated)) return stack;
      i = stop + (string.kind === 'indented' ? 2 : 1);
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === Ch.Hash) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
    } else if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Star) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1 && reader.unterminatedComment?.(i)) return stack;
      i = close === -1 ? n : close + 2;
    } else if (c === Ch.Quote || (c === Ch.Apostrophe && text.charCodeAt(i + 1) === Ch.Apostrophe)) {
      const indented = c === Ch.Apostrophe;
      const bodyStart = i + (indented ? 2 : 1);
      stack.push({ kind: indented ? 'indented' : 'string', at: i, bodyStart, hasEscapes: false, interpolated: false });
      i = bodyStart;
    } else if (isIdentStart(c)) {
      const start = i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const after = text.charCodeAt(i);
      if (after === Ch.Colon || after === Ch.Plus || after === Ch.Dot) {
        URI.lastIndex = start;
        const uri = URI.exec(text);
        if (uri) i = start + uri[0].length;
      }
    } else if (c === Ch.Dollar && text.charCodeAt(i + 1) === Ch.OpenBrace) {
      // An interpolation outside any string (an attribute name): code to its closing brace.
      stack.push({ kind: 'interpolation', at: i });
      i += 2;
    } else if (BRACKETS[c] !== undefined) {
      stack.push({ kind: BRACKETS[c]!, at: i });
      i++;
    } else if (CLOSING.has(c)) {
      const closer = text[i]!;
      if (frame && CLOSER[frame.kind] === closer) stack.pop();
      else if (reader.strayCloser?.(i, closer, frame)) return stack;
      i++;
    } else {
      i++;
    }
  }
  return stack;
}

/** Offset of what ends a string body from `i`: its closing quote or its first `${`; the length if neither. */
function scanBody(text: string, i: number, frame: StringFrame): number {
  const n = text.length;
  const indented = frame.kind === 'indented';
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!indented && c === Ch.Quote) return i;
    if (indented && c === Ch.Apostrophe && text.charCodeAt(i + 1) === Ch.Apostrophe) {
      const third = text.charCodeAt(i + 2);
      if (third !== Ch.Apostrophe && third !== Ch.Dollar && third !== Ch.Backslash) return i;
      // ''' is a quote pair, ''$ a dollar, ''\x an escape.
      frame.hasEscapes = true;
      i += third === Ch.Backslash ? 4 : 3;
    } else if (!indented && c === Ch.Backslash) {
      frame.hasEscapes = true;
      i += 2;
    } else if (c === Ch.Dollar) {
      frame.hasEscapes = true;
      const next = text.charCodeAt(i + 1);
      if (next === Ch.OpenBrace) return i;
      // `$$` is literal as a pair, so `$${` is not an interpolation.
      i += next === Ch.Dollar ? 2 : 1;
    } else i++;
  }
  return n;
}
