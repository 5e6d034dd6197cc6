// Nix string literals decoded exactly as Nix 2.x's lexer and parser do (escapes, `$`
// rules, CR/LF normalisation in "..." strings, indentation stripping in ''...'' strings).
// Both functions take the text between the delimiters of a string without interpolation.

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

export function decodeDoubleQuoted(body: string): string {
  if (body.indexOf('\\') === -1 && body.indexOf('$') === -1 && body.indexOf('\r') === -1) return body;
  const special = /[\\\r$]/g;
  let out = '';
  let i = 0;
  // Plain runs are copied whole: strings may be megabytes long.
  for (let m = special.exec(body); m; m = special.exec(body)) {
    const at = m.index;
    out += body.slice(i, at);
    const c = body[at];
    if (c === '\\') {
      const e = body[at + 1] ?? '';
      out += SIMPLE[e] ?? e;
      i = at + 2;
    } else if (c === '\r') {
      out += '\n';
      i = at + (body[at + 1] === '\n' ? 2 : 1);
    } else {
      // `$$` is literal as a pair, so `$${` is not an interpolation.
      const pair = body[at + 1] === '$';
      out += pair ? '$$' : '$';
      i = at + (pair ? 2 : 1);
    }
    special.lastIndex = i;
  }
  return out + body.slice(i);
}

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
