// What every rule gets: the typed topology and a place to put diagnostics.
import type { Diagnostic, Severity, Span } from '../../diagnostics.js';
import type { Code } from './codes.js';
import type { TopologySpec } from '../language/spec.js';
import type { Hardware } from '../../hardware/types.js';

export interface Report {
  code: Code;
  span: Span;
  message: string;
  hint: string;
  severity?: Severity;
}

export interface Ctx {
  spec: TopologySpec;
  /** The machine's hardware.json, when the topology has one; rules that need it skip otherwise. */
  hardware: Hardware | null;
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
