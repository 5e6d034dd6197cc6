// Runs the built CLI (bin/spectrum.js -> dist/) as a user would, in a directory of the test's.
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../bin/spectrum.js');

/** Every workspace this test file made: test/e2e/workspaces.ts removes them after it. */
export const workspaces: string[] = [];

/** A fresh working directory with its own spectrum cache (the nix store is shared). */
export function workspace(prefix: string): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(tmpdir(), `spectrum-${prefix}-`));
  workspaces.push(cwd);
  return { cwd, env: { XDG_CACHE_HOME: join(cwd, '.cache') } };
}

export function spectrum(args: string[], ws: { cwd: string; env: Record<string, string> }, env: Record<string, string> = {}): ResultPromise<{ reject: false; stdin: 'ignore'; all: true }> {
  return execa(process.execPath, [CLI, ...args], { cwd: ws.cwd, env: { ...ws.env, ...env }, reject: false, stdin: 'ignore', all: true });
}

// Shared with the benchmarks, which run without TypeScript.
export { descendants, processesMentioning, stillRunning } from './helpers/processes.js';
