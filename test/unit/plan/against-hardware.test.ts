// `spectrum plan` against a git revision compares with the machine as it was then too: the
// hardware.json committed beside the topology comes along, so its kernel parameters do not
// show as new on every plan.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previousVersion } from '../../../cli/plan/against.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import { MACHINES_DIR } from '../hardware/fixtures.js';

describe('plan --against REV', () => {
  it('brings the revision\'s hardware.json along', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'spectrum-plan-hw-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
    git('init', '-q');
    const machine = join(repo, 'machine');
    execFileSync('mkdir', [machine]);
    writeFileSync(join(machine, 'topology.nix'), '{ name = "t470"; vms = { sys-net = { role = "net"; devices = [ "0000:02:00.0" ]; }; }; }\n');
    cpSync(join(MACHINES_DIR, 'thinkpad-pch', 'hardware.json'), join(machine, 'hardware.json'));
    git('add', '.');
    git('commit', '-qm', 'machine');
    const previous = await previousVersion(join(machine, 'topology.nix'), undefined, repo);
    try {
      const before = await loadTopology(previous.path);
      expect(before.topology?.host.hardwareParams).toEqual(['intel_iommu=on', 'vfio-pci.ids=8086:24fd']);
    } finally {
      await previous.cleanup();
    }
  });
});
