// Why a flash will not happen. Rules return these as values; all are collected and shown
// together so the user fixes everything in one go.
import { UserError } from '../diagnostics.js';

export interface Refusal {
  /** Stable name of the rule that refused, e.g. `mounted` (listed in docs/flash.md). */
  rule: string;
  reason: string;
  hint?: string;
}

export function refusalError(target: string, refusals: readonly Refusal[]): UserError {
  const lines = refusals.map((r) => `  - ${r.reason}${r.hint ? `\n    (${r.hint})` : ''}`);
  return new UserError(`refusing to flash ${target}; nothing was written:\n${lines.join('\n')}`);
}
