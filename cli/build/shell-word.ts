// Commands shown to the user (--verbose) are printed so they can be pasted into a shell.

/** `word` as one POSIX shell word: as it is when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
