// What the generated files hand the library must be exactly the topology's values, whatever
// characters they hold. The library is replaced by functions returning their arguments, so
// the test sees the data the generated code passes, not what the real library builds from it.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitTree } from '../../../cli/emit/index.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import { render } from '../../../cli/emit/templates.js';
import type { VmView } from '../../../cli/emit/view.js';
import { HOSTILE_STRINGS } from './hostile.js';
import { nixEvalJson, treeSitterProblems } from './nix-tools.js';
import { vm } from '../../resolved-vm.js';
import { smallTopology } from './topologies.js';

const OUTPUTS = '{ kernel = "K"; initramfs = "I"; rootfs = "R"; verity = "V"; roothash = "H"; }';
const STUB_LIBRARY = `{ vm = a: a // { vmm = a.vmm // { argv = a.vmm.argv ${OUTPUTS}; emulatedArgv = if a.vmm.emulatedArgv == null then null else a.vmm.emulatedArgv ${OUTPUTS}; }; }; host = a: a; liveImage = a: a; }`;

const work = mkdtempSync(join(tmpdir(), 'spectrum-roundtrip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

describe('generated files carry hostile strings through exactly', () => {
  it('in every free-text and list field of a topology', () => {
    const hostile = HOSTILE_STRINGS;
    const topology = smallTopology({ host: { kernelParams: [...hostile], hardwareParams: [] } });
    topology.vms = topology.vms.map((v, i) => ({ ...v, description: hostile[(i * 7) % hostile.length] }));
    topology.vms.push(
      ...hostile.map((text, i) => vm(`hostile-${i}`, 100 + i, { description: text, packages: [text, `${text}x`] })),
    );
    topology.startOrder = topology.vms.map((v) => v.name);
    const dir = join(work, 'topology');
    const files = emitTree(topology);
    writeFiles(dir, files);
    for (const [path, content] of files) if (path.endsWith('.nix')) expect(treeSitterProblems(content), path).toEqual([]);

    const result = nixEvalJson(
      `let spectrum = ${STUB_LIBRARY}; vms = { ${topology.vms.map((v) => `"${v.name}" = import ./vms/${v.name}.nix { inherit spectrum; };`).join(' ')} }; in ` +
        `{ vms = builtins.mapAttrs (n: v: { inherit (v) description packages; }) vms; host = import ./host.nix { inherit spectrum; vms = null; }; }`,
      dir,
    ) as { vms: Record<string, { description: string; packages: string[] }>; host: { kernelParams: string[]; startOrder: string[] } };
    for (const v of topology.vms) expect(result.vms[v.name], v.name).toEqual({ description: v.description, packages: v.packages });
    expect(result.host.kernelParams).toEqual(hostile);
    expect(result.host.startOrder).toEqual(topology.startOrder);
  });

  it('in every string field the VM template renders, VMM argv included', () => {
    const pick = (i: number) => HOSTILE_STRINGS[i % HOSTILE_STRINGS.length];
    let n = 0;
    const s = () => pick(n++);
    const view: VmView = {
      name: s(), role: s(), description: s(), memoryMiB: 4096, vcpus: 3, cid: 7, mac: s(), diskId: s(),
      devices: [s(), s()], usb: [s()], shares: [{ tag: s(), readOnly: true }, { tag: s(), readOnly: false }],
      packages: [s(), s()], after: [s()], display: s(),
      net: [{ vm: s(), address: s(), routerAddress: s(), prefixLength: 31, routerMac: s() }],
      clients: [
        { name: s(), address: s(), routerAddress: s(), prefixLength: 31, routerMac: s(), tap: s() },
        { name: s(), address: s(), routerAddress: s(), prefixLength: 31, routerMac: s(), tap: s() },
      ],
      usbClaims: [{ claim: 1, id: s(), serial: s(), port: s(), owner: s() }],
      uplink: [{ address: s(), prefixLength: 24, gateway: s(), dns: [s(), s()] }],
      firewall: [],
      vmm: {
        name: s(), program: s(), kernel: 'vmlinux',
        argv: [...HOSTILE_STRINGS, ...HOSTILE_STRINGS.map((t, i) => ({ ref: (['kernel', 'initramfs', 'rootfs', 'verity', 'roothash'] as const)[i % 5], prefix: t, suffix: pick(i + 3) })), { ref: 'kernel' }],
        emulatedArgv: [[s(), { ref: 'rootfs', prefix: s(), suffix: s() }]],
        powerButton: { tool: 'socat', program: s(), argv: [s(), s()], input: s() },
      },
      runtime: { readyTimeout: 90, links: [{ bridge: s(), tap: s() }], shares: [{ tag: s(), mode: 'ro' }], usbOwners: [{ claim: 1, owner: s() }], vsockSocket: [s()] },
    };
    const source = render('vm', view);
    expect(treeSitterProblems(source)).toEqual([]);
    writeFileSync(join(work, 'vm.nix'), source);
    const value: Record<string, string> = { kernel: 'K', initramfs: 'I', rootfs: 'R', verity: 'V', roothash: 'H' };
    const expected = {
      ...view,
      net: view.net[0],
      uplink: view.uplink[0],
      firewall: null,
      runtime: { ...view.runtime, vsockSocket: view.runtime.vsockSocket[0] },
      vmm: {
        ...view.vmm,
        argv: view.vmm.argv.map((a) => (typeof a === 'string' ? a : `${a.prefix ?? ''}${value[a.ref]}${a.suffix ?? ''}`)),
        emulatedArgv: view.vmm.emulatedArgv[0]!.map((a) => (typeof a === 'string' ? a : `${a.prefix ?? ''}${value[a.ref]}${a.suffix ?? ''}`)),
      },
    };
    expect(nixEvalJson(`import ./vm.nix { spectrum = ${STUB_LIBRARY}; }`, work)).toEqual(expected);
  });

  it('from a topology file through load, validation and resolve to Nix and back', async () => {
    // JSON can spell every string, so this reaches the emitter with exactly what a user wrote.
    // Texts longer than a description may be (SP2019) are refused by check, not carried.
    const texts = HOSTILE_STRINGS.filter((t) => t.length <= 4096);
    const vms = Object.fromEntries(texts.map((text, i) => [`vm-${i}`, { description: text }]));
    const file = join(work, 'hostile.json');
    writeFileSync(file, JSON.stringify({ name: 'hostile', host: { kernelParams: ['a=${b}'] }, vms }));
    const { topology, diagnostics } = await loadTopology(file);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dir = join(work, 'pipeline');
    writeFiles(dir, emitTree(topology!));
    const result = nixEvalJson(
      `let spectrum = ${STUB_LIBRARY}; in { ${texts.map((_, i) => `vm-${i} = (import ./vms/vm-${i}.nix { inherit spectrum; }).description;`).join(' ')} kernelParams = (import ./host.nix { inherit spectrum; vms = null; }).kernelParams; }`,
      dir,
    );
    expect(result).toEqual({ ...Object.fromEntries(texts.map((text, i) => [`vm-${i}`, text])), kernelParams: ['a=${b}'] });
  });

  it('with no network and no display as null', () => {
    const source = render('vm', {
      name: 'n', role: 'app', description: '', memoryMiB: 1, vcpus: 1, cid: 3, mac: 'm', diskId: 'd', devices: [], usb: [],
      shares: [], packages: [], after: [], display: null, net: [], clients: [], uplink: [], usbClaims: [], firewall: [],
      vmm: { name: 'qemu', program: 'qemu', kernel: 'bzImage', argv: [], emulatedArgv: [], powerButton: { tool: 'vmm', program: 'p', argv: [], input: '' } },
      runtime: { readyTimeout: 1, links: [], shares: [], usbOwners: [] },
    } satisfies VmView);
    writeFileSync(join(work, 'bare.nix'), source);
    expect(nixEvalJson(`let v = import ./bare.nix { spectrum = ${STUB_LIBRARY}; }; in { inherit (v) net display shares; inherit (v.vmm) argv emulatedArgv; links = v.runtime.links; }`, work)).toEqual({
      net: null, display: null, shares: [], argv: [], emulatedArgv: null, links: [],
    });
  });
});
