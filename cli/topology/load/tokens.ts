// Wording shared by the hand-written parsers' messages.

/** How a message names what stands at `offset`: "`}`", "a string", "the end of the file". */
export function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const c = text[offset]!;
  if (c === '"') return 'a string';
  if (/[0-9-]/.test(c)) return 'a number';
  const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(offset, offset + 40))?.[0];
  if (word) return `\`${word}\``;
  const cp = text.codePointAt(offset)!;
  if (cp < 0x20 || cp === 0x7f) return `the control character U+${cp.toString(16).padStart(4, '0').toUpperCase()}`;
  return `\`${String.fromCodePoint(cp)}\``;
}

/** Where "the file ends" errors point: just after the last non-blank character. */
export function endOfContent(text: string): number {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** SP1015's message and hint, worded the same in every syntax so a file means the same in each. */
export function numberRange(written: string): { message: string; hint: string } {
  return {
    message: `the number ${written.length > 40 ? `${written.slice(0, 40)}…` : written} is too large to be represented exactly`,
    hint: 'use a smaller number, or a string if the value is a label',
  };
}
