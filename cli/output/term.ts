// The one way text from outside reaches the terminal. Paths and names a user chose, lines of
// a file, strings a device reports (an lsblk model or partition label) and tool output may
// hold escape sequences that move the cursor, recolour or clear the screen, set the
// clipboard (OSC 52) or reorder what is shown (bidi overrides). `term` escapes every value
// it interpolates, so a print site cannot forget to; the literal parts are spectrum's own.

// C0/C1 controls, DEL, zero-width and bidi controls ("Trojan Source"), BOM, lone surrogates.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
}

/** Replaces characters that could act on a terminal with visible escapes. */
export const escapeControls = (text: string): string => text.replace(UNSAFE, escapeChar);

/** `escapeControls` for text whose own line breaks are meant (multi-line messages, tool output). */
export const escapeLines = (text: string): string => text.split('\n').map(escapeControls).join('\n');

/**
 * A tagged template for terminal text: term`wrote ${path}\n` escapes `path` and keeps the
 * literal newline. Numbers pass as they are. Text that is already terminal text (another
 * term result, with line breaks meant) is joined to it outside the template.
 */
export function term(literals: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  let out = literals[0]!;
  for (let i = 0; i < values.length; i++) out += escapeControls(String(values[i])) + literals[i + 1]!;
  return out;
}
