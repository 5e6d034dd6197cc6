// Decoded source text plus the offset -> line/column mapping every loader reports spans with.
// Offsets and columns count UTF-16 code units, as the Diagnostic contract requires.
import type { Diagnostic, Severity, Span } from '../../diagnostics.js';

export class Source {
  private readonly lineStarts: number[] = [0];

  constructor(readonly file: string, readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Span of the text from `start` to `end`, cut at the end of its first line, at least 1 long. */
  span(start: number, end: number = start + 1): Span {
    const line = this.lineOf(start);
    const lineStart = this.lineStarts[line]!;
    const next = this.lineStarts[line + 1];
    let lineEnd = next === undefined ? this.text.length : next - 1;
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const length = Math.max(1, Math.min(end, lineEnd) - start);
    return { file: this.file, line: line + 1, column: start - lineStart + 1, length };
  }

  /** Offset of a 0-based line and UTF-16 column (as tree-sitter reports them). */
  offset(row: number, column: number): number {
    return (this.lineStarts[row] ?? this.text.length) + column;
  }

  diag(code: string, severity: Severity, message: string, start: number, end?: number, hint?: string): Diagnostic {
    return { code, severity, message, span: this.span(start, end), ...(hint === undefined ? {} : { hint }) };
  }

  /** "line:col" of an offset, for messages that point at a second place. */
  where(offset: number): string {
    const s = this.span(offset);
    return `${s.line}:${s.column}`;
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
