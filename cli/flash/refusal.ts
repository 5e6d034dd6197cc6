// Why a flash will not happen. Rules return these as values; all are collected and shown
// together so the user fixes everything in one go.
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';

export interface Refusal {
  /** Stable name of the rule that refused, e.g. `mounted` (listed in docs/flash.md). */
  rule: string;
  reason: string;
  hint?: string;
}

export function refusalError(target: string, refusals: readonly Refusal[]): UserError {
  // Reasons quote device paths and mount points: each stays on its own line, inert.
  const lines = refusals.map((r) => term`  - ${r.reason}` + (r.hint ? term`\n    (${r.hint})` : ''));
  return new UserError(`refusing to flash ${target}; nothing was written:\n${lines.join('\n')}`);
}
