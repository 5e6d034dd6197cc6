// Commands shown to the user (`--verbose`, the regenerate line of generated headers) are
// printed so they can be pasted into a shell, and must stay on one line.

/**
 * `word` as one POSIX shell word: as it is when safe, else single-quoted, and in ANSI-C
 * `$'…'` quoting when it holds control characters (a newline would end the line).
 */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (!/[\u0000-\u001f\u007f]/.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`;
  let out = "$'";
  for (const c of word) {
    const code = c.codePointAt(0)!;
    if (c === "'" || c === '\\') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}'`;
}
