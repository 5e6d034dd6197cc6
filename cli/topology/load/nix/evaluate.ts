// Fallback for .nix topologies that need evaluation (let, import, functions, ...): Nix
// computes the value, spectrum reads its JSON. Positions inside the value are lost, so
// every span points at the start of the file and a warning says why.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Diagnostic, Span } from '../../../diagnostics.js';
import type { RawNode } from '../../raw.js';
import { LOAD_CODES } from '../codes.js';
import { parseJson } from '../json.js';
import { Source } from '../source.js';
import type { NonLiteral } from './convert.js';
import { escapeRegExp } from '../../../fsutil/escape-regexp.js';

/** Evaluation of a topology is quick; this only stops a runaway (e.g. infinite) one. */
const TIMEOUT_MS = 120_000;

export function findOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** `path`: the file, absolute (`src` names it as the user does). */
export async function evaluateNix(
  path: string,
  src: Source,
  found: NonLiteral,
  env: NodeJS.ProcessEnv,
): Promise<{ root: RawNode | null; diagnostics: Diagnostic[] }> {
  const why = `${found.what} at ${src.where(found.start)}`;
  // The runner loads execa (~90 ms): only files that need Nix pay for it.
  const { runNix, NixInterrupted } = await import('../../../nix/runner.js');
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  // Topologies come from other people's branches: evaluating one must not read files, the
  // environment or the network. Restricted evaluation with the file itself as the only
  // allowed path (resolved, as Nix checks resolved paths), no search path and no URIs; the
  // settings are on the command line, which wins over a user's configuration.
  const file = realpathSync(path);
  const restricted = [
    '--option', 'restrict-eval', 'true',
    '--option', 'allowed-uris', '',
    '--option', 'allow-unsafe-native-code-during-evaluation', 'false',
    '-I', `topology=${file}`,
  ];
  const run = await runNix('nix-instantiate', ['--eval', '--strict', '--json', ...restricted, file], { set: 'host', env: { ...env, NIX_PATH: '' }, signal })
    .catch((err: unknown) => {
      if (err instanceof NixInterrupted) return null;
      throw err;
    });
  if (run === null || run.exitCode !== 0) {
    // Nix's error messages, as it would have printed them (the runner reads its structured log).
    const { message, at } = nixError(run?.state.errors.map((e) => e.text).join('\n') ?? '', src, path);
    const detail = run === null ? `evaluation did not finish within ${TIMEOUT_MS / 1000} s` : message ?? 'nix-instantiate failed without a message';
    const hint = /cannot convert a function to JSON/.test(detail)
      ? 'the file is a function, which spectrum does not call: make the file itself an attribute set (e.g. move the arguments into a `let`)'
      : /forbidden in restricted mode/.test(detail)
        ? 'spectrum evaluates a topology without access to other files, the network or the environment: write the values into the topology itself'
        : `the file was evaluated because it uses ${why}; fix the Nix error, or write the topology as a plain attribute set`;
    return {
      root: null,
      diagnostics: [src.diag(LOAD_CODES.nixEvalFailed, 'error', `evaluating the file with Nix failed: ${detail}`, at ?? found.start, undefined, hint)],
    };
  }
  const parsed = parseJson(new Source(src.file, run.stdout));
  const start: Span = { file: src.file, line: 1, column: 1, length: 1 };
  const warning = src.diag(LOAD_CODES.evaluated, 'warning',
    `positions are approximate: the file was evaluated with Nix because it uses ${why}`, found.start, found.end,
    'problems inside the value are reported at the start of the file; write the topology as a plain attribute set for exact positions');
  return {
    root: parsed.root && atStart(parsed.root, start),
    // The JSON came from Nix, so its own diagnostics (e.g. huge numbers) are re-anchored too.
    diagnostics: [warning, ...parsed.diagnostics.map((d) => ({ ...d, span: start }))],
  };
}

function atStart(node: RawNode, span: Span): RawNode {
  if (node.kind === 'object') {
    return { kind: 'object', span, entries: node.entries.map((e) => ({ key: e.key, keySpan: span, value: atStart(e.value, span) })) };
  }
  if (node.kind === 'array') return { kind: 'array', span, items: node.items.map((i) => atStart(i, span)) };
  return { ...node, span };
}

/** Nix's message (its "error: ..." paragraph) and, when it names this file, the offset it points at. */
export function nixError(stderr: string, src: Source, path: string): { message?: string; at?: number } {
  const lines = stderr.split('\n');
  const first = lines.findIndex((l) => l.startsWith('error:'));
  if (first === -1) return {};
  const paragraph: string[] = [];
  for (let k = first; k < lines.length && lines[k]!.trim() !== ''; k++) paragraph.push(lines[k]!.trim());
  const message = paragraph.join(' ').replace(/^error:\s*/, '');
  const position = new RegExp(`at ${escapeRegExp(path)}:(\\d+):(\\d+):`).exec(stderr);
  if (!position) return { message };
  return { message, at: offsetOfByteColumn(src, Number(position[1]), Number(position[2])) };
}

/** Nix counts columns in bytes; spans count UTF-16 units. */
function offsetOfByteColumn(src: Source, line: number, byteColumn: number): number {
  const lineStart = src.offset(line - 1, 0);
  const lineEnd = src.text.indexOf('\n', lineStart);
  const lineText = src.text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const bytes = new TextEncoder().encode(lineText).subarray(0, Math.max(0, byteColumn - 1));
  return lineStart + new TextDecoder().decode(bytes).length;
}
