// Test helpers that ask the real tools: Nix for what a file evaluates to, tree-sitter-nix
// for whether it parses. Both read files, so large values never hit argv limits.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nixEnv } from '../../../cli/nix/env.js';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');
const NixLanguage = require('tree-sitter-nix');

/**
 * Evaluates a Nix expression (strictly) and returns its JSON value. Relative paths in it
 * are relative to `dir`, where the expression is written for the time of the call.
 */
export function nixEvalJson(expr: string, dir?: string): unknown {
  const home = dir ?? mkdtempSync(join(tmpdir(), 'spectrum-eval-'));
  const file = join(home, `.eval-${randomBytes(6).toString('hex')}.nix`);
  try {
    writeFileSync(file, expr);
    return JSON.parse(nixInstantiate(['--eval', '--strict', '--json', file]));
  } finally {
    rmSync(dir ? file : home, { recursive: true, force: true });
  }
}

/** Runs nix-instantiate with spectrum's settings; a failure shows Nix's own message. */
export const nixInstantiate = (args: string[], cwd?: string): string => run('nix-instantiate', args, cwd);

/** Runs `nix` (the new CLI) the same way. */
export const nixRun = (args: string[], cwd?: string): string => run('nix', args, cwd);

function run(program: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(program, args, { cwd, env: nixEnv('host'), encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '').slice(-4000);
    throw new Error(`${program} ${args.join(' ')} failed:\n${stderr}`);
  }
}

/** ERROR and MISSING nodes tree-sitter-nix finds, as `line:column type` strings. */
export function treeSitterProblems(source: string): string[] {
  const parser = new Parser();
  parser.setLanguage(NixLanguage);
  const tree = parser.parse(source, null, { bufferSize: source.length * 2 + 1024 });
  const problems: string[] = [];
  const visit = (node: { type: string; isMissing(): boolean; hasError(): boolean; startPosition: { row: number; column: number }; children: unknown[] }) => {
    if (node.type === 'ERROR' || node.isMissing()) problems.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing() ? 'MISSING' : 'ERROR'}`);
    if (node.hasError()) for (const child of node.children) visit(child as typeof node);
  };
  visit(tree.rootNode);
  return problems;
}
