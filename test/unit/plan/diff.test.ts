// What `spectrum plan` reports of a topology change, from two resolved topologies.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTopologies, isEmpty } from '../../../cli/plan/diff.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import type { Topology } from '../../../cli/topology/types.js';

const dir = mkdtempSync(join(tmpdir(), 'spectrum-plan-diff-'));
let n = 0;
async function topology(value: object): Promise<Topology> {
  const file = join(dir, `t${n++}.json`);
  writeFileSync(file, JSON.stringify(value));
  const { topology, diagnostics } = await loadTopology(file);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return topology!;
}

const BASE = {
  name: 'laptop',
  vms: { 'sys-net': { role: 'net', devices: ['0000:00:1f.6'] }, browser: { net: 'sys-net', memory: '2G' }, notes: {} },
};

describe('plan diff', () => {
  it('is empty for the same topology in another syntax or key order', async () => {
    const reordered = { vms: { notes: {}, browser: { memory: 2048, net: 'sys-net' }, 'sys-net': { devices: ['0000:00:1F.6'], role: 'net' } }, name: 'laptop' };
    expect(isEmpty(diffTopologies(await topology(BASE), await topology(reordered)))).toBe(true);
  });

  it('names the fields that changed, as the topology spells them, with both values', async () => {
    const after = structuredClone(BASE) as typeof BASE & { vms: Record<string, object> };
    after.vms.browser = { net: 'sys-net', memory: '3G', packages: ['firefox'] };
    const diff = diffTopologies(await topology(BASE), await topology(after));
    expect(diff.changed).toEqual([
      { name: 'browser', changes: [{ field: 'memory', before: 2048, after: 3072 }, { field: 'packages', before: [], after: ['firefox'] }] },
    ]);
    expect([diff.added, diff.removed, diff.derived, diff.topology]).toEqual([[], [], [], []]);
  });

  it('lists VMs added and removed, and the derived values that move with them', async () => {
    const after = { name: 'laptop', vms: { 'sys-net': BASE.vms['sys-net'], browser: BASE.vms.browser, mail: { net: 'sys-net' } } };
    const diff = diffTopologies(await topology(BASE), await topology(after));
    expect(diff.added).toEqual(['mail']);
    expect(diff.removed).toEqual(['notes']);
    // The net VM now routes for mail too; identities of the others stay (derived from names).
    expect(diff.derived.find((v) => v.name === 'sys-net')!.changes).toContainEqual({ field: 'routesFor', before: ['browser'], after: ['browser', 'mail'] });
    for (const v of diff.derived) for (const c of v.changes) expect(['routesFor', 'start']).toContain(c.field);
  });

  it('shows a VM moving to another net VM: what it starts after, and which net VM routes for it', async () => {
    const before = { name: 'laptop', vms: { 'sys-net': { role: 'net', devices: ['0000:00:1f.6'] }, 'sys-vpn': { role: 'net', net: 'sys-net' }, browser: { net: 'sys-net' } } };
    const after = structuredClone(before);
    after.vms.browser = { net: 'sys-vpn' };
    const diff = diffTopologies(await topology(before), await topology(after));
    expect(diff.changed).toEqual([{ name: 'browser', changes: [{ field: 'net', before: 'sys-net', after: 'sys-vpn' }, { field: 'after', before: ['sys-net'], after: ['sys-vpn'] }] }]);
    // Its link addresses come from its own name, so they stay.
    expect(diff.derived.find((v) => v.name === 'browser')!.changes).toEqual([{ field: 'start', before: 2, after: 3 }]);
    expect(diff.derived.find((v) => v.name === 'sys-net')!.changes).toEqual([{ field: 'routesFor', before: ['browser', 'sys-vpn'], after: ['sys-vpn'] }]);
    expect(diff.derived.find((v) => v.name === 'sys-vpn')!.changes).toEqual(expect.arrayContaining([{ field: 'routesFor', before: [], after: ['browser'] }]));
  });

  it('reports topology-wide fields', async () => {
    const diff = diffTopologies(await topology(BASE), await topology({ ...BASE, vmm: 'qemu', host: { kernelParams: ['quiet'] } }));
    expect(diff.topology).toEqual([
      { field: 'vmm', before: 'cloud-hypervisor', after: 'qemu' },
      { field: 'host.kernelParams', before: [], after: ['quiet'] },
    ]);
  });
});
