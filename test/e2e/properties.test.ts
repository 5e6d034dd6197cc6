// Any topology check accepts builds a Nix tree that evaluates: generated topologies
// (test/unit/fuzz/topology-arbitrary.ts) are generated and every target instantiated with the
// host package set. Few runs: each evaluation takes about a second.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { emitTree, writeTree } from '../../cli/emit/index.js';
import { parseTopology } from '../../cli/topology/load/index.js';
import { checkLoaded } from '../../cli/topology/pipeline.js';
import { nixInstantiate } from '../unit/emit/nix-tools.js';
import { serialize } from '../unit/fuzz/serialize.js';
import { topologyValue } from '../unit/fuzz/topology-arbitrary.js';

const work = mkdtempSync(join(tmpdir(), 'spectrum-properties-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

it('every generated topology that check accepts instantiates every target', async () => {
  await fc.assert(
    fc.asyncProperty(topologyValue, async (value) => {
      const { topology, diagnostics } = checkLoaded(parseTopology(serialize(value, 'json'), 'topology.json'), 'topology.json');
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const dir = join(work, `t${n++}`);
      await writeTree(dir, emitTree(topology!, { outDir: dir }), { redirect: '-o' });
      const targets = ['live-image', 'host', 'kernel', 'initramfs', 'rootfs', ...topology!.vms.map((vm) => `vms.${vm.name}`)];
      const drvs = nixInstantiate([dir, '--arg', 'pkgsSet', '"host"', ...targets.flatMap((t) => ['-A', t])]).trim().split('\n');
      expect(drvs).toHaveLength(targets.length);
    }),
    { numRuns: 6 },
  );
}, 300_000);
