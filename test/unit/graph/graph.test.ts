// `spectrum graph`: the DOT it writes (golden, per topology), what Graphviz lays out of it
// (every VM, device and link present in the SVG), the PNG, and the command's failures.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run test/unit/graph
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGraph } from '../../../cli/commands/graph.js';
import { dotString, topologyDot } from '../../../cli/graph/dot.js';
import { renderGraph } from '../../../cli/graph/render.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import type { Topology } from '../../../cli/topology/types.js';
import { REPO } from '../check/fixtures.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CASES = {
  default: 'examples/default/topology.nix',
  runtime: 'test/e2e/topologies/runtime/topology.nix',
  'every-field': 'test/fixtures/generate/every-field/input/topology.nix',
};

async function load(path: string): Promise<Topology> {
  const { topology, diagnostics } = await loadTopology(join(REPO, path), path);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return topology!;
}

/** Graphviz's SVG names nodes and edges in <title>, with its own escapes. */
const titles = (svg: string): string[] =>
  [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!.replaceAll('&#45;', '-').replaceAll('&gt;', '>').replaceAll('&quot;', '"'));

describe('spectrum graph', () => {
  it.each(Object.entries(CASES))('draws %s as the golden DOT', async (name, path) => {
    const dot = topologyDot(await load(path));
    const golden = join(REPO, 'test/fixtures/graph', `${name}.dot`);
    if (UPDATE) writeFileSync(golden, dot);
    expect(dot, 'UPDATE_GOLDEN=1 after an intended change').toBe(readFileSync(golden, 'utf8'));
  });

  it('lays out every VM, device, link, opening, USB claim and display', async () => {
    for (const path of Object.values(CASES)) {
      const topology = await load(path);
      const shown = titles((await renderGraph(topologyDot(topology), 'svg')) as string);
      for (const vm of topology.vms) {
        expect(shown).toContain(`vm:${vm.name}`);
        for (const d of vm.devices) expect(shown).toContain(`pci:${d}->vm:${vm.name}`);
        if (vm.net) expect(shown).toContain(`vm:${vm.net}->vm:${vm.name}`);
        for (const r of vm.reach) expect(shown).toContain(`vm:${vm.name}->vm:${r.vm}`);
        if (vm.display) expect(shown).toContain(`vm:${vm.display}->vm:${vm.name}`);
      }
      const usbVm = topology.vms.find((v) => v.role === 'usb');
      for (const owner of topology.vms.filter((v) => v.usb.length > 0)) expect(shown).toContain(`vm:${usbVm!.name}->vm:${owner.name}`);
    }
    const svg = ((await renderGraph(topologyDot(await load(CASES.runtime)), 'svg')) as string).replaceAll('&#45;', '-');
    // Start order, link addresses and claims are in the labels.
    expect(svg).toContain('1. sys-lab');
    expect(svg).toMatch(/100\.\d+\.\d+\.\d+ → 100\.\d+\.\d+\.\d+\/31/);
    expect(svg).toContain('usb 46f4:0001 serial=ALPHA1');
    expect(svg).toContain('reach 8080');
  });

  it('writes a PNG, atomically, and DOT to standard output without -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectrum-graph-'));
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await runGraph(join(REPO, CASES.runtime), join(dir, 'machine.png'), io)).toBe(0);
    const png = readFileSync(join(dir, 'machine.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // IHDR width: seven VMs side by side
    expect(readdirSync(dir)).toEqual(['machine.png']);
    expect(await runGraph(join(REPO, CASES.default), undefined, io)).toBe(0);
    expect(out.join('')).toBe(topologyDot(await load(CASES.default)));
  });

  it('refuses an invalid topology and an unknown picture format, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectrum-graph-'));
    const bad = join(dir, 'topology.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', vms: { a: { net: 'nowhere' } } }));
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    expect(await runGraph(bad, join(dir, 'x.svg'), io)).toBe(1);
    expect(err.join('')).toContain('is invalid; nothing was drawn');
    await expect(runGraph(bad, join(dir, 'x.gif'), io)).rejects.toThrow(/cannot tell the picture's format/);
    expect(readdirSync(dir)).toEqual(['topology.json']);
  });

  it('quotes DOT strings so no text can end one', () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });
});
