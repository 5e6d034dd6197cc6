// Folders are stages: every import of cli/ and vmm/ points to the same stage or an earlier
// one, and no chain of imports comes back to where it started. The table below is the
// declared order; docs/architecture.md describes each stage.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Stages in pipeline order, each with the paths (a folder ending in "/", or one file) that
 * belong to it; the longest matching path decides. The first stage holds leaves: output
 * and terminal helpers and diagnostics, which every stage may use and which use no stage.
 */
export const STAGES: ReadonlyArray<readonly [stage: string, paths: readonly string[]]> = [
  ['leaves', ['cli/diagnostics.ts', 'cli/diagnostics-print.ts', 'cli/shell-word.ts', 'cli/output/', 'cli/fsutil/', 'cli/interrupt.ts']],
  ['language and VMMs', ['cli/topology/language/', 'cli/topology/types.ts', 'vmm/']],
  ['nix gateway', ['cli/nix/']],
  ['load', ['cli/topology/load/', 'cli/topology/raw.ts']],
  ['hardware', ['cli/hardware/']],
  ['validate', ['cli/topology/validate/']],
  ['resolve', ['cli/topology/resolve/']],
  ['load, validate, resolve composed', ['cli/topology/pipeline.ts']],
  ['emit', ['cli/emit/']],
  ['graph', ['cli/graph/']],
  ['build', ['cli/build/']],
  ['plan', ['cli/plan/']],
  ['run/flash', ['cli/run/', 'cli/flash/']],
  ['commands', ['cli/commands/']],
  ['main', ['cli/main.ts']],
];

/**
 * Stages that meet only through a type the language declares: resolve reads what validate
 * returns (TopologySpec) and imports nothing of validate itself.
 */
const APART: ReadonlyArray<readonly [later: string, earlier: string]> = [['resolve', 'validate']];

export type Imports = Map<string, string[]>;

/** Stage index of a repository path, or -1 when the table does not place it. */
export function stageOf(path: string): number {
  let best = -1;
  let bestLength = 0;
  STAGES.forEach(([, paths], index) => {
    for (const p of paths) {
      const matches = p.endsWith('/') ? path.startsWith(p) : path === p;
      if (matches && p.length > bestLength) [best, bestLength] = [index, p.length];
    }
  });
  return best;
}

function sources(dir: string, recursive: boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return recursive ? sources(path, true) : [];
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of every cli/**\/*.ts and vmm/*.ts, static, dynamic and type-only. */
export function readImports(): Imports {
  const graph: Imports = new Map();
  for (const file of [...sources('cli', true), ...sources('vmm', false)]) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(ROOT, resolve(ROOT, dirname(file), name)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** Imports that point to a later stage, as "from -> to (stage -> stage)". */
export function upwardImports(graph: Imports): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [a, b] = [stageOf(from), stageOf(to)];
      if (b > a) found.push(`${from} -> ${to} (${STAGES[a]![0]} -> ${STAGES[b]![0]})`);
    }
  }
  return found;
}

/** Imports between stages that APART keeps apart. */
export function importsBetweenApart(graph: Imports): string[] {
  const name = (path: string): string | undefined => STAGES[stageOf(path)]?.[0];
  return [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => APART.some(([a, b]) => name(from) === a && name(to) === b)).map((to) => `${from} -> ${to}`),
  );
}

/** One cycle of each strongly connected set of files, as "a -> b -> a". */
export function importCycles(graph: Imports): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('imports follow the stage order', () => {
  const graph = readImports();

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
  });

  it('places every file in a stage', () => {
    expect([...graph.keys()].filter((f) => stageOf(f) === -1).join('\n')).toBe('');
  });

  it('has every import resolve to a file of the tree', () => {
    const missing = [...graph].flatMap(([from, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${from} -> ${t}`));
    expect(missing.join('\n')).toBe('');
  });

  it('has no import from an earlier stage into a later one', () => {
    expect(upwardImports(graph).join('\n')).toBe('');
  });

  it('keeps resolve apart from validate', () => {
    expect(importsBetweenApart(graph).join('\n')).toBe('');
  });

  it('has no import cycle', () => {
    expect(importCycles(graph).join('\n')).toBe('');
  });

  it('would catch an upward import and a cycle', () => {
    const bad: Imports = new Map([
      ['cli/topology/validate/a.ts', ['cli/topology/resolve/b.ts']],
      ['cli/topology/resolve/b.ts', ['cli/topology/validate/a.ts']],
    ]);
    expect(upwardImports(bad)).toEqual(['cli/topology/validate/a.ts -> cli/topology/resolve/b.ts (validate -> resolve)']);
    expect(importCycles(bad)).toEqual(['cli/topology/resolve/b.ts -> cli/topology/validate/a.ts -> cli/topology/resolve/b.ts']);
    expect(importsBetweenApart(bad)).toEqual(['cli/topology/resolve/b.ts -> cli/topology/validate/a.ts']);
  });
});
