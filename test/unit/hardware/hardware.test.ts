// `spectrum hw scan` on sysfs trees built from documented machines (test/fixtures/hardware/
// README.md) and on this machine's own /sys; `spectrum check` of topologies against them.
// Goldens are rewritten on purpose with UPDATE_GOLDEN=1 npx vitest run test/unit/hardware.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHardware } from '../../../cli/hardware/format.js';
import { parseHardware } from '../../../cli/hardware/parse.js';
import { scanSysfs } from '../../../cli/hardware/scan.js';
import { HARDWARE_CODES } from '../../../cli/topology/validate/codes.js';
import { expectGolden } from '../check/golden.js';
import { MACHINES_DIR, cases, checkCase, machines, render } from './fixtures.js';

describe.each(machines())('machine %s', (machine) => {
  const dir = join(MACHINES_DIR, machine);

  it('scans to its golden hardware.json, which reads back to the same value', async () => {
    const hw = await scanSysfs(join(dir, 'sysfs'));
    expectGolden(join(dir, 'hardware.json'), formatHardware(hw));
    const back = parseHardware(readFileSync(join(dir, 'hardware.json')), 'hardware.json');
    expect(back.diagnostics).toEqual([]);
    expect(back.hardware).toEqual(hw);
  });

  it.each(cases(machine))('case %s: diagnostics and derived kernel parameters match expected.txt', (name) => {
    expectGolden(join(dir, 'cases', name, 'expected.txt'), render(checkCase(machine, name)));
  });
});

describe('hardware rules', () => {
  const results = machines().flatMap((machine) =>
    cases(machine).map((name) => ({ machine, name, codes: new Set(checkCase(machine, name).diagnostics.map((d) => d.code)) })),
  );

  it.each(Object.values(HARDWARE_CODES))('%s has a case that reports it and a passing case of the same machine that does not', (code) => {
    const failing = results.filter((r) => r.codes.has(code));
    expect(failing.length, `no case reports ${code}`).toBeGreaterThan(0);
    const passing = results.filter((r) => /pass/.test(r.name) && !r.codes.has(code) && failing.some((f) => f.machine === r.machine));
    expect(passing.length, `no passing case beside a case that reports ${code}`).toBeGreaterThan(0);
  });

  it('change nothing without a hardware file', async () => {
    const { checkLoaded } = await import('../../../cli/topology/pipeline.js');
    const { parseTopology } = await import('../../../cli/topology/load/index.js');
    const text = readFileSync(join(MACHINES_DIR, 'thinkpad-pch', 'cases', 'group-split-fails', 'topology.nix'));
    const checked = checkLoaded(parseTopology(text, 'topology.nix'), 'topology.nix');
    expect(checked.diagnostics).toEqual([]);
    expect(checked.topology?.host.hardwareParams).toEqual([]);
  });
});

describe('scanning this machine', () => {
  it('writes a file that reads back whole, with every PCI function of /sys', async () => {
    const hw = await scanSysfs('/sys');
    const back = parseHardware(formatHardware(hw), 'hardware.json');
    expect(back.diagnostics).toEqual([]);
    expect(back.hardware).toEqual(hw);
    const functions = existsSync('/sys/bus/pci/devices') ? readdirSync('/sys/bus/pci/devices').sort() : [];
    expect(hw.pci.map((f) => f.address)).toEqual(functions);
    const modalias = readFileSync('/sys/devices/system/cpu/modalias', 'utf8');
    expect(hw.cpu).toBe(/,ven0000/.test(modalias) ? 'intel' : /,ven0002/.test(modalias) ? 'amd' : null);
    // Groups only where the kernel made them: none at all on a machine with its IOMMU off.
    const grouped = existsSync('/sys/kernel/iommu_groups') ? readdirSync('/sys/kernel/iommu_groups').length > 0 : false;
    expect(hw.pci.some((f) => f.iommuGroup !== null)).toBe(grouped);
  });
});
