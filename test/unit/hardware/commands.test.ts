// `spectrum hw scan` and `spectrum check` with a hardware file, in-process against real files;
// and the derived kernel parameters reaching the host's generated file.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../cli/commands/check.js';
import { runHwScan } from '../../../cli/commands/hw.js';
import { emitTree } from '../../../cli/emit/index.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import { MACHINES_DIR } from './fixtures.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'spectrum-hw-'));
const THINKPAD = join(MACHINES_DIR, 'thinkpad-pch');

function io() {
  const seen = { out: '', err: '' };
  return { seen, out: (t: string) => (seen.out += t), err: (t: string) => (seen.err += t) };
}

async function inDir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await run();
  } finally {
    process.chdir(before);
  }
}

describe('spectrum hw scan', () => {
  it('writes the golden file for a fixture tree, atomically, and summarizes', async () => {
    const dir = temp();
    const out = join(dir, 'hardware.json');
    const o = io();
    expect(await runHwScan(out, join(THINKPAD, 'sysfs'), o)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(THINKPAD, 'hardware.json'), 'utf8'));
    expect(readdirSync(dir)).toEqual(['hardware.json']);
    expect(o.seen.err).toBe(`spectrum: wrote ${out}: 12 PCI functions, 6 IOMMU groups, 3 USB devices, CPU intel\n`);
  });

  it('says what it could not read, skips that function, and still writes the rest', async () => {
    const sysfs = join(temp(), 'sysfs');
    cpSync(join(THINKPAD, 'sysfs'), sysfs, { recursive: true, verbatimSymlinks: true });
    rmSync(join(sysfs, 'devices/pci0000:00/0000:00:1f.3/class'));
    rmSync(join(sysfs, 'devices/system/cpu/modalias'));
    const out = join(temp(), 'hardware.json');
    const o = io();
    expect(await runHwScan(out, sysfs, o)).toBe(0);
    expect(o.seen.err).toContain(`spectrum: could not read ${sysfs}/bus/pci/devices/0000:00:1f.3/class: not present\n`);
    expect(o.seen.err).toContain(`spectrum: could not read ${sysfs}/devices/system/cpu/modalias: not present\n`);
    const hw = JSON.parse(readFileSync(out, 'utf8'));
    expect(hw.cpu).toBeNull();
    expect(hw.pci.map((f: { address: string }) => f.address)).not.toContain('0000:00:1f.3');
    expect(hw.unread).toEqual(['bus/pci/devices/0000:00:1f.3/class: not present', 'devices/system/cpu/modalias: not present']);
  });

  it('refuses a --sysfs directory that is not there', async () => {
    await expect(runHwScan(join(temp(), 'hardware.json'), join(temp(), 'nope'), io())).rejects.toThrow(/there is no sysfs tree at/);
  });

  it('refuses to write where it cannot, leaving nothing behind', async () => {
    await expect(runHwScan(join(temp(), 'missing', 'hardware.json'), join(THINKPAD, 'sysfs'), io())).rejects.toThrow(/cannot write/);
  });
});

describe('spectrum check with a hardware file', () => {
  const topology = readFileSync(join(THINKPAD, 'cases', 'group-split-fails', 'topology.nix'));

  it('uses hardware.json beside the topology, and says so', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'topology.nix'), topology);
    const o = io();
    expect(await inDir(dir, () => runCheck(undefined, false, o))).toBe(0);
    cpSync(join(THINKPAD, 'hardware.json'), join(dir, 'hardware.json'));
    const h = io();
    expect(await inDir(dir, () => runCheck(undefined, false, h))).toBe(1);
    expect(h.seen.err).toContain('error[SP2040]');
    expect(h.seen.err).toMatch(/topology\.nix against hardware\.json: invalid \(1 error, 0 warnings\)\n$/);
  });

  it('takes another with --hardware, and shows excerpts of the hardware file for its own errors', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'topology.nix'), topology);
    mkdirSync(join(dir, 'machines'));
    const broken = readFileSync(join(THINKPAD, 'hardware.json'), 'utf8').replace('"address":"0000:00:1f.6"', '"address":"00:1f.6"');
    writeFileSync(join(dir, 'machines', 'other.json'), broken);
    const o = io();
    expect(await inDir(dir, () => runCheck('topology.nix', false, o, 'machines/other.json'))).toBe(1);
    expect(o.seen.err).toContain('machines/other.json:15:16: error[SP1016]: address "00:1f.6" is not in its format\n15 |     {"address":"00:1f.6"');
  });

  it('reports a --hardware file that cannot be read as SP1001', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'topology.nix'), topology);
    const o = io();
    expect(await inDir(dir, () => runCheck('topology.nix', true, o, 'nope.json'))).toBe(1);
    expect(JSON.parse(o.seen.out).diagnostics[0]).toMatchObject({ code: 'SP1001', span: { file: 'nope.json' } });
  });
});

describe('the derived kernel parameters', () => {
  it('reach host.nix before the ones the topology writes, and only with a hardware file', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'topology.nix'),
      '{ name = "t470"; host = { kernelParams = [ "quiet" ]; }; vms = { sys-net = { role = "net"; devices = [ "0000:02:00.0" ]; }; }; }',
    );
    const without = await loadTopology(join(dir, 'topology.nix'));
    expect(emitTree(without.topology!).get('host.nix')).toContain('kernelParams = [ "quiet" ];');
    cpSync(join(THINKPAD, 'hardware.json'), join(dir, 'hardware.json'));
    const withHw = await loadTopology(join(dir, 'topology.nix'));
    expect(emitTree(withHw.topology!).get('host.nix')).toContain('kernelParams = [ "intel_iommu=on" "vfio-pci.ids=8086:24fd" "quiet" ];');
  });
});
