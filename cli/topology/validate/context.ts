// What every rule gets: the typed topology and a place to put diagnostics.
import type { Diagnostic, Severity, Span } from '../../diagnostics.js';
import type { Code } from './codes.js';
import type { TopologySpec } from '../language/spec.js';

export interface Report {
  code: Code;
  span: Span;
  message: string;
  hint: string;
  severity?: Severity;
}

export interface Ctx {
  spec: TopologySpec;
  report(r: Report): void;
}

export type Rule = (ctx: Ctx) => void;

export function collector(): { diagnostics: Diagnostic[]; report: (r: Report) => void } {
  const diagnostics: Diagnostic[] = [];
  const report = ({ code, span, message, hint, severity = 'error' }: Report): void => {
    diagnostics.push({ code, severity, message, span, hint });
  };
  return { diagnostics, report };
}

/** "line 3, column 7", for messages that point at a second place. */
export const at = (span: Span): string => `line ${span.line}, column ${span.column}`;
