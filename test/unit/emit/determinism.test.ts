// Same topology, in any syntax and any order, gives the same bytes; and a tree on disk
// that was generated from it is seen as up to date.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTree, emitTree, writeTree } from '../../../cli/emit/index.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import type { Topology } from '../../../cli/topology/types.js';
import { listCases } from './examples.js';

const work = mkdtempSync(join(tmpdir(), 'spectrum-determinism-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function load(path: string): Promise<Topology> {
  const { topology, diagnostics } = await loadTopology(path);
  expect(topology, JSON.stringify(diagnostics)).not.toBeNull();
  return topology!;
}

const cases = listCases();

describe.each(cases)('$name', (example) => {
  it('gives identical trees on every run and for any VM order', async () => {
    const topology = await load(example.primary);
    const first = emitTree(topology);
    expect(emitTree(await load(example.primary))).toEqual(first);
    expect([...emitTree({ ...topology, vms: [...topology.vms].reverse() })]).toEqual([...first]);
  });

  it.skipIf(example.twins.length === 0)('gives the same tree from its twins in other syntaxes', async () => {
    const primary = await load(example.primary);
    for (const twin of example.twins) {
      // Only the headers may differ, by naming the file; give both the same name.
      const topology = { ...(await load(twin)), source: primary.source };
      expect([...emitTree(topology)], twin).toEqual([...emitTree(primary)]);
    }
  });

  it('sees a written tree as up to date, and rewrites nothing', async () => {
    const files = emitTree(await load(example.primary));
    const dir = join(work, example.name);
    const redirect = 'pass another output directory with -o';
    await writeTree(dir, files, { redirect });
    expect(checkTree(dir, files, redirect)).toMatchObject({ create: [], replace: [], stale: [], conflicts: [] });
    expect((await writeTree(dir, files, { redirect })).plan.unchanged).toHaveLength(files.size);
  });
});

it('has at least one case with twins, so the twin test runs', () => {
  expect(cases.some((c) => c.twins.length > 0)).toBe(true);
});
