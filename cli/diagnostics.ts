// The one error type. Every stage reports problems as values; only the CLI prints them.

/** A place in a source file. `line` and `column` are 1-based; `column` counts UTF-16 code units. */
export interface Span {
  file: string;
  line: number;
  column: number;
  /** Length of the offending text in characters (at least 1 so the caret shows). */
  length: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable identifier, e.g. `SP1003`; documented in README and never reused. */
  code: string;
  severity: Severity;
  /** What is wrong, one sentence, no trailing period needed. */
  message: string;
  span: Span;
  /** How to fix it. */
  hint?: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Orders diagnostics by position so output is stable whatever order rules ran in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.file.localeCompare(b.span.file) ||
      a.span.line - b.span.line ||
      a.span.column - b.span.column ||
      a.code.localeCompare(b.code),
  );
}

/** A user's mistake: printed without a stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** An external tool failed: its filtered output is shown. */
export class ToolError extends Error {
  constructor(message: string, readonly output: string = '', readonly hint?: string) {
    super(message);
    this.name = 'ToolError';
  }
}
