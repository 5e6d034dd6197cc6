// tree-sitter-nix makes a node of every escape and `$` in a string, and its parse then
// costs ~0.5 µs per character of an escape-dense string (seconds for a 10 MB one). The
// contents of a string without interpolation never change the tree around it, so the
// parser is given the text with each such string's body replaced by plain letters of the
// same length, line breaks kept: offsets and lines stay those of the file, and everything
// that reads text (decoding, messages) reads the file's own text, never the tree's.

const enum Ch {
  Plus = 43, Dot = 46, Colon = 58, Quote = 34, Hash = 35, Dollar = 36, Apostrophe = 39, Star = 42, Slash = 47,
  Backslash = 92, OpenBrace = 123, CloseBrace = 125,
}

/** An open string, or the code inside an interpolation (which counts its braces). */
type Frame = { string: boolean; indented: boolean; bodyStart: number; interpolated: boolean; escaped: boolean; braces: number };

/** Set by the stop functions when they pass an escape or a `$`: only such bodies need masking. */
let escaped = false;

export function maskStringBodies(text: string): string {
  // Plain strings cost tree-sitter nothing extra; most files need no scan at all.
  if (text.indexOf('\\') === -1 && text.indexOf('$') === -1 && text.indexOf("''") === -1) return text;
  const masks: number[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const frame = stack[stack.length - 1];
    if (frame?.string) {
      escaped = false;
      const stop = frame.indented ? indentedStop(text, i) : stringStop(text, i);
      frame.escaped ||= escaped;
      if (stop >= n) break;
      if (text.charCodeAt(stop) === Ch.Dollar) {
        frame.interpolated = true;
        stack.push({ string: false, indented: false, bodyStart: 0, interpolated: false, escaped: false, braces: 0 });
        i = stop + 2;
        continue;
      }
      stack.pop();
      if (!frame.interpolated && frame.escaped) masks.push(frame.bodyStart, stop);
      i = stop + (frame.indented ? 2 : 1);
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === Ch.Hash) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? n : nl;
    } else if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Star) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === Ch.Quote || (c === Ch.Apostrophe && text.charCodeAt(i + 1) === Ch.Apostrophe)) {
      const indented = c === Ch.Apostrophe;
      i += indented ? 2 : 1;
      stack.push({ string: true, indented, bodyStart: i, interpolated: false, escaped: false, braces: 0 });
    } else if (isIdentStart(c)) {
      // Identifiers (`x''`) and bare URIs (`http://a/b''c`) may hold quotes that open no string.
      const start = i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const after = text.charCodeAt(i);
      if (after === Ch.Colon || after === Ch.Plus || after === Ch.Dot) {
        URI.lastIndex = start;
        const uri = URI.exec(text);
        if (uri) i = start + uri[0].length;
      }
    } else if (frame && (c === Ch.OpenBrace || c === Ch.CloseBrace)) {
      if (c === Ch.OpenBrace) frame.braces++;
      else if (frame.braces > 0) frame.braces--;
      else stack.pop();
      i++;
    } else if (c === Ch.Dollar && text.charCodeAt(i + 1) === Ch.OpenBrace) {
      // An interpolation outside any string (an attribute name): code to its closing brace.
      stack.push({ string: false, indented: false, bodyStart: 0, interpolated: false, escaped: false, braces: 0 });
      i += 2;
    } else {
      i++;
    }
  }
  // An unclosed string stays as it is: tree-sitter and the bracket scan report it.
  if (masks.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < masks.length; k += 2) {
    const start = masks[k]!;
    parts.push(text.slice(from, start), text.slice(start, masks[k + 1]).replace(/[^\n\r]+/g, (run) => 'a'.repeat(run.length)));
    from = masks[k + 1]!;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Offset of the `"` that closes a "..." string, or of its first `${`; the length if neither. */
function stringStop(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Quote) return i;
    if (c === Ch.Backslash) { escaped = true; i += 2; }
    else if (c === Ch.Dollar) {
      escaped = true;
      const next = text.charCodeAt(i + 1);
      if (next === Ch.OpenBrace) return i;
      // `$$` is literal as a pair, so `$${` is not an interpolation.
      i += next === Ch.Dollar ? 2 : 1;
    } else i++;
  }
  return n;
}

/** Offset of the `''` that closes an indented string, or of its first `${`; the length if neither. */
function indentedStop(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Apostrophe && text.charCodeAt(i + 1) === Ch.Apostrophe) {
      const third = text.charCodeAt(i + 2);
      if (third === Ch.Apostrophe || third === Ch.Dollar) { escaped = true; i += 3; }
      else if (third === Ch.Backslash) { escaped = true; i += 4; }
      else return i;
    } else if (c === Ch.Dollar) {
      escaped = true;
      const next = text.charCodeAt(i + 1);
      if (next === Ch.OpenBrace) return i;
      i += next === Ch.Dollar ? 2 : 1;
    } else i++;
  }
  return n;
}

// Nix's lexer reads a bare URI as one token: scheme `:` then at least one URI character.
const URI = /[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/y;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === Ch.Apostrophe || c === 45;
}
