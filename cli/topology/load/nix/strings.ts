// Nix string literals decoded exactly as Nix 2.x's lexer and parser do (escapes, `$`
// rules, CR/LF normalisation in "..." strings, indentation stripping in ''...'' strings).
// Both functions take the text between the delimiters of a string without interpolation.

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

export function decodeDoubleQuoted(body: string): string {
  if (body.indexOf('\\') === -1 && body.indexOf('\r') === -1) return body;
  // Decoded into one buffer of UTF-16 units: appending per escape to a string (or to an
  // array of pieces) cost seconds of allocation on escape-dense megabyte strings.
  const units = new Uint16Array(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    let c = body.charCodeAt(i);
    if (c === BACKSLASH) {
      // A `\` that ends the body escapes nothing and is dropped, as in Nix's lexer.
      if (++i === body.length) break;
      c = body.charCodeAt(i);
      c = c === 0x6e ? LF : c === 0x72 ? CR : c === 0x74 ? TAB : c;
    } else if (c === CR) {
      if (body.charCodeAt(i + 1) === LF) i++;
      c = LF;
    }
    units[length++] = c;
  }
  let out = '';
  for (let k = 0; k < length; k += CHUNK) out += String.fromCharCode(...units.subarray(k, Math.min(length, k + CHUNK)));
  return out;
}

const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
/** Units per String.fromCharCode call: well within the engine's argument limit. */
const CHUNK = 8192;

/** A lexer token of an indented string; only plain text counts towards indentation. */
interface Token {
  text: string;
  plain: boolean;
}

export function decodeIndented(body: string): string {
  // Nix's opening token `''` swallows spaces and one newline right after it.
  const first = /^ *\n/.exec(body);
  return stripIndentation(indentedTokens(first ? body.slice(first[0].length) : body));
}

function indentedTokens(body: string): Token[] {
  const tokens: Token[] = [];
  let plainStart = 0;
  const flush = (end: number): void => {
    if (end > plainStart) tokens.push({ text: body.slice(plainStart, end), plain: true });
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    const next = body[i + 1];
    if (c === "'" && next === "'") {
      const third = body[i + 2];
      flush(i);
      if (third === "'") { tokens.push({ text: "''", plain: false }); i += 3; }
      else if (third === '$') { tokens.push({ text: '$', plain: false }); i += 3; }
      else {
        // `''\X`: X is one character, taken literally unless it is n, r or t.
        const cp = body.codePointAt(i + 3) ?? 0;
        const ch = String.fromCodePoint(cp);
        tokens.push({ text: SIMPLE[ch] ?? ch, plain: false });
        i += 3 + ch.length;
      }
      plainStart = i;
    } else if ((c === "'" && next === '$') || (c === '$' && (next === "'" || next === undefined))) {
      // A lone `'` before `$`, or a lone `$` before `'`, is a token of its own in Nix's lexer.
      flush(i);
      tokens.push({ text: c, plain: false });
      plainStart = ++i;
    } else {
      // `$X` and `'X` travel as pairs, so `$${` stays literal.
      i += (c === '$' || c === "'") && next !== undefined ? 2 : 1;
    }
  }
  flush(body.length);
  return tokens;
}

function stripIndentation(tokens: Token[]): string {
  let atStartOfLine = true;
  let minIndent = Infinity;
  let curIndent = 0;
  for (const t of tokens) {
    if (!t.plain) {
      if (atStartOfLine) {
        atStartOfLine = false;
        minIndent = Math.min(minIndent, curIndent);
      }
      continue;
    }
    for (const ch of t.text) {
      if (atStartOfLine) {
        if (ch === ' ') curIndent++;
        else if (ch === '\n') curIndent = 0;
        else {
          atStartOfLine = false;
          minIndent = Math.min(minIndent, curIndent);
        }
      } else if (ch === '\n') {
        atStartOfLine = true;
        curIndent = 0;
      }
    }
  }

  let out = '';
  atStartOfLine = true;
  let dropped = 0;
  tokens.forEach((t, index) => {
    let s = '';
    const text = t.text;
    let j = 0;
    while (j < text.length) {
      const ch = text[j]!;
      if (!atStartOfLine) {
        // Copy through the end of the line in one piece.
        const nl = text.indexOf('\n', j);
        const stop = nl === -1 ? text.length : nl + 1;
        s += text.slice(j, stop);
        if (nl !== -1) atStartOfLine = true;
        j = stop;
        continue;
      }
      if (ch === ' ') {
        if (dropped++ >= minIndent) s += ch;
      } else if (ch === '\n') {
        dropped = 0;
        s += ch;
      } else {
        atStartOfLine = false;
        dropped = 0;
        s += ch;
      }
      j++;
    }
    if (index === tokens.length - 1) {
      // A last line holding only spaces is the indentation of the closing `''`.
      const nl = s.lastIndexOf('\n');
      if (nl !== -1 && /^ *$/.test(s.slice(nl + 1))) s = s.slice(0, nl + 1);
    }
    out += s;
  });
  return out;
}
