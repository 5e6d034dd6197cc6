// A plan as text for a person, or as versioned JSON for scripts (docs/plan.md).
import { escapeControls, term } from '../output/term.js';
import type { Change, TopologyDiff, VmChange } from './diff.js';
import type { OutputPlan } from './rebuilds.js';

/** Bumped when a field of the JSON changes meaning or goes away (new fields do not bump it). */
export const PLAN_JSON_VERSION = 1;

export interface Plan {
  file: string;
  against: string;
  diff: TopologyDiff;
  /** null when nothing changed (then no derivation can differ). */
  outputs: OutputPlan[] | null;
}

// JSON keeps a value's shape; escapeControls keeps a description from acting on the terminal.
const shown = (value: unknown): string => escapeControls(JSON.stringify(value) ?? 'null');
const change = (c: Change): string => `${c.field} ${shown(c.before)} → ${shown(c.after)}`;
const vmLine = (sign: string, v: VmChange): string => `  ${sign} ${escapeControls(v.name)}: ${v.changes.map(change).join('; ')}`;

export function planText(plan: Plan): string {
  const { diff } = plan;
  const lines = [term`spectrum plan: ${plan.file} against ${plan.against}`];
  if (plan.outputs === null) return `${lines[0]}\nno changes.\n`;
  if (diff.topology.length > 0) lines.push('topology:', ...diff.topology.map((c) => `  ~ ${change(c)}`));
  if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
    lines.push(
      'VMs:',
      ...diff.added.map((name) => term`  + ${name}`),
      ...diff.removed.map((name) => term`  - ${name}`),
      ...diff.changed.map((v) => vmLine('~', v)),
    );
  }
  if (diff.derived.length > 0) lines.push('derived values that move:', ...diff.derived.map((v) => vmLine('~', v)));
  lines.push('build outputs:');
  for (const kind of ['rebuilt', 'added', 'removed', 'unchanged'] as const) {
    const targets = plan.outputs.filter((o) => o.change === kind).map((o) => o.target);
    if (targets.length > 0) lines.push(term`  ${kind}: ${targets.join(', ')}`);
  }
  const image = plan.outputs.find((o) => o.target === 'live-image')!;
  lines.push(image.change === 'unchanged' ? 'the live image stays the same.' : 'the live image changes.');
  return `${lines.join('\n')}\n`;
}

export const planJson = (plan: Plan): string => {
  const { topology, added, removed, changed, derived } = plan.diff;
  const shape = { version: PLAN_JSON_VERSION, file: plan.file, against: plan.against, hasChanges: plan.outputs !== null, topology, vms: { added, removed, changed }, derived, outputs: plan.outputs ?? [] };
  return `${JSON.stringify(shape, null, 2)}\n`;
};
