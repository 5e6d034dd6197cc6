// Turns what a failed nix run left in its BuildState into one short message: the derivation
// whose builder failed with the last lines of its log, or the evaluation error with nix's
// own source excerpt. Nix's full output is a wall of text; users need the first cause.
import type { BuildState } from './log-state.js';
import { storePathName } from './log.js';

export interface Failure {
  message: string;
  /** The lines worth reading (a log tail, an evaluation excerpt); may be empty. */
  output: string;
  hint?: string;
}

export interface FailureContext {
  /** What was being built, for the message (e.g. `live-image`). */
  what: string;
  /** The program that ran (e.g. `nix-build`) and how it exited. */
  program: string;
  exitCode: number;
  /** Log lines obtained another way (`nix log`) when nix streamed none. */
  fetchedLog?: readonly string[];
  /** How many log lines to show. */
  tail?: number;
}

const BUILDER_FAILED = /^error: builder for '([^']+\.drv)' failed (.*?)(;|$)/m;
const MISSING_ATTRIBUTE = /^error: attribute '([^']*)' in selection path '([^']*)' not found/;
// Not causes: the trace note, and warnings Nix prints at error level (a missing nixbld group
// on a machine without Nix's usual setup), which would otherwise stand in for the real error.
const NOISE = /^(\(use '--show-trace'|warning: )/;

/** The derivation whose builder failed first, if a builder failed. */
export function failedDerivation(state: BuildState): string | null {
  for (const e of state.errors) {
    const m = BUILDER_FAILED.exec(e.text);
    if (m) return m[1];
  }
  return null;
}

export function summarizeFailure(state: BuildState, ctx: FailureContext): Failure {
  const tail = ctx.tail ?? 25;
  const builders = state.errors.map((e) => BUILDER_FAILED.exec(e.text)).filter((m) => m !== null);
  if (builders.length > 0) {
    const [, drv, reason] = builders[0];
    const more = builders.length > 1 ? ` (and ${builders.length - 1} more derivation(s))` : '';
    const log = state.logOf(drv).length > 0 ? state.logOf(drv) : (ctx.fetchedLog ?? []);
    return {
      message: `nix could not build ${ctx.what}: building ${storePathName(drv)} failed ${reason}${more}`,
      output: lastLines(log, tail),
      hint: `full log: nix log ${drv}`,
    };
  }

  const errors = state.errors.filter((e) => !NOISE.test(e.text));
  if (errors.length > 0) {
    const first = errors[0];
    const missing = MISSING_ATTRIBUTE.exec(first.text);
    if (missing) {
      return {
        message: `nix could not build ${ctx.what}: the generated Nix tree has no attribute '${missing[2]}'`,
        output: '',
        hint: 'the generated tree and spectrum disagree on the targets; this is a bug in spectrum, please report it',
      };
    }
    const [head, ...rest] = first.text.replace(/^error: /, '').split('\n');
    const verb = first.file ? 'evaluate' : 'build';
    return {
      message: `nix could not ${verb} ${ctx.what}: ${head.trim()}`,
      output: lastLines(dedent(trimBlank(rest)), tail),
    };
  }

  return {
    message: `${ctx.program} failed on ${ctx.what} (exit status ${ctx.exitCode}) without an error message`,
    output: lastLines(state.text, tail),
  };
}

function lastLines(lines: readonly string[], n: number): string {
  if (lines.length <= n) return lines.join('\n');
  return ['... (earlier lines not shown)', ...lines.slice(-n)].join('\n');
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === '') a++;
  while (b > a && lines[b - 1].trim() === '') b--;
  return lines.slice(a, b);
}

// Nix indents its excerpts under the "error:" word; shown on their own they need no indent.
function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}
