// Every bundled example builds into a live image with the host package set, holding all its
// VMs, as the README promises (`spectrum init --example NAME` starts from them).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../cli/topology/pipeline.js';
import { spectrum, workspace } from './cli.js';

const EXAMPLES = resolve(__dirname, '../../examples');

describe.each(readdirSync(EXAMPLES).sort())('example %s', (name) => {
  it('builds a live image with every VM in it', async () => {
    const file = join(EXAMPLES, name, 'topology.nix');
    const { topology } = await loadTopology(file);
    const ws = workspace(`example-${name}`);
    const r = await spectrum(['build', 'live-image', file, '--pkgs', 'host'], ws);
    expect(r.exitCode, r.all).toBe(0);
    const info = JSON.parse(readFileSync(join(ws.cwd, 'result/spectrum.json'), 'utf8'));
    // Every VM can start: the host package set has each one's VMM.
    expect(info).toMatchObject({ name: topology!.name, vmCount: topology!.vms.length, vmsWithoutVmm: [] });
  }, 900_000);
});
