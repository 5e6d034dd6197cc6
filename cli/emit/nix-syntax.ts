// The only place that turns values into Nix source text. Every value that reaches a
// generated file passes through one of these, so a string can never become code.

/**
 * Escapes text for the inside of a double-quoted Nix string.
 *
 * Nix reads `\` followed by any character as that character (`\n`, `\r`, `\t` excepted),
 * so escaping `\`, `"` and the `$` of every `${` is enough to keep text literal. A `$` at
 * the very end is escaped too, because the caller may put an interpolation right after it
 * (`$` + `${x}` would read as the literal `$${x}`). Carriage returns must be escaped: Nix
 * turns a raw CR or CRLF inside a string into LF.
 */
export function escapeNixStringBody(text: string): string {
  assertRepresentable(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    switch (c) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '$':
        out += i + 1 === text.length || text[i + 1] === '{' ? '\\$' : '$';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Characters a reader of the generated file would not see as written, or that a terminal
// acts on: C0 and C1 controls other than \n \r \t, DEL, bidirectional controls, line and
// paragraph separators, the BOM.
const INVISIBLE = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A Nix expression that evaluates to exactly `text`: a double-quoted string literal, or, when
 * the text holds characters that Nix strings have no escape for and that would reach a
 * reviewer's terminal raw (INVISIBLE), `builtins.fromJSON` of a JSON string that spells them
 * as \uXXXX, so the file stays plain to read.
 */
export function nixString(text: string): string {
  if (!INVISIBLE.test(text)) return `"${escapeNixStringBody(text)}"`;
  INVISIBLE.lastIndex = 0;
  const json = JSON.stringify(text).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `(builtins.fromJSON "${escapeNixStringBody(json)}")`;
}

/**
 * Nix strings are C strings (a NUL ends them) and files are UTF-8 (a lone surrogate has no
 * encoding). Validation rejects both, so reaching here with one is a bug, not bad input.
 */
function assertRepresentable(text: string): void {
  const bad = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (bad) {
    const what = bad[0] === '\u0000' ? 'a NUL character' : 'an unpaired UTF-16 surrogate';
    throw new Error(`cannot write ${what} into a Nix string (at offset ${bad.index}); validation should have rejected it`);
  }
}

const KEYWORDS = new Set(['assert', 'else', 'if', 'in', 'inherit', 'let', 'or', 'rec', 'then', 'with']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/**
 * An attribute name: bare when it is a plain identifier, otherwise a quoted string, or, for
 * text that nixString writes as an expression, an interpolated one (`${…}`: in attribute
 * sets, not in `let`).
 */
export function nixAttrName(name: string): string {
  if (IDENTIFIER.test(name) && !KEYWORDS.has(name)) return name;
  const value = nixString(name);
  return value.startsWith('"') ? value : `\${${value}}`;
}

export function nixInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer a Nix file can hold: ${value}`);
  return String(value);
}

export const nixBool = (value: boolean): string => (value ? 'true' : 'false');

/** A one-line list of string literals: `[ "a" "b" ]`, or `[ ]` when empty. */
export const nixStringList = (items: readonly string[]): string =>
  items.length === 0 ? '[ ]' : `[ ${items.map(nixString).join(' ')} ]`;

/**
 * A path literal relative to the file it is written in (`./vms/browser.nix`). Only names
 * that need no quoting are accepted: the emitter builds them from validated VM names.
 */
export function nixRelativePath(path: string): string {
  const segments = path.split('/');
  if (!segments.every((s) => /^[A-Za-z0-9._+-]+$/.test(s) && s !== '.' && s !== '..')) {
    throw new Error(`not a plain relative path: ${JSON.stringify(path)}`);
  }
  return `./${path}`;
}
