// Benchmark of `spectrum check`: generated topologies of 10 to 10,000 VMs in each syntax,
// timed as whole CLI runs against a bare `node -e ''` measured in the same run.
// Run after `npm run build`:  node bench/check.js [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [10, 100, 1000, 10000];
// The hardware variant's size: the budget's (1,000 VMs), against a hardware.json beside them.
const HW_SIZE = 1000;
const SYNTAXES = ['nix', 'yaml', 'json'];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

/** A realistic machine: two device VMs, then app VMs that use the net VM, a share and packages. */
function topology(count) {
  const vms = {
    'sys-net': { role: 'net', description: 'Network card', memory: '256M', devices: ['0000:00:1f.6'] },
    'sys-usb': { role: 'usb', devices: ['0000:00:14.0'] },
  };
  for (let i = 0; Object.keys(vms).length < count; i++) {
    vms[`app-${i}`] = {
      description: `App VM number ${i}`,
      memory: i % 2 ? '2G' : 1024,
      vcpus: 1 + (i % 4),
      net: 'sys-net',
      // Identical receivers told apart by serial: two bare claims of one id overlap (SP2034).
      usb: i % 10 === 0 ? [`046d:c52b serial=${i}`] : [],
      shares: [{ tag: 'downloads', readOnly: i % 3 === 0 }],
      packages: ['firefox', 'python3Packages.requests'],
      after: i % 5 === 4 ? [`app-${i - 1}`] : [],
    };
  }
  return { name: 'bench', vmm: 'cloud-hypervisor', host: { kernelParams: ['intel_iommu=on'] }, vms };
}

/**
 * A machine for the hardware variant: the two device VMs' functions each in an IOMMU group
 * of its own, among 200 other functions, and a USB device for every claim of the app VMs,
 * so the hardware rules run over a machine larger than most and the topology stays valid.
 */
function hardware() {
  const fn = (address, cls, group) => ({ address, vendor: '8086', device: cls === '020000' ? '15d8' : cls === '0c0330' ? '9d2f' : '1234', class: cls, iommuGroup: group, driver: null, bootVga: false, resetMethods: [] });
  const pci = [fn('0000:00:14.0', '0c0330', 1), fn('0000:00:1f.6', '020000', 2)];
  for (let i = 0; i < 200; i++) pci.push(fn(`0000:${(0x20 + Math.floor(i / 8)).toString(16).padStart(2, '0')}:00.${i % 8}`, '040300', 3 + Math.floor(i / 8)));
  pci.sort((a, b) => (a.address < b.address ? -1 : 1));
  const usb = Array.from({ length: HW_SIZE / 10 }, (_, i) => ({ port: `1-${i + 1}`, id: '046d:c52b', serial: String(i * 10), class: '00', name: null }));
  return `${JSON.stringify({ format: 'spectrum-hardware/1', cpu: 'intel', pci, usb, unread: [] }, null, 2)}\n`;
}

const isMap = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

// The strings here need no escaping beyond JSON's, which Nix and YAML read the same way.
function nix(v, indent = '') {
  if (Array.isArray(v)) return `[ ${v.map((x) => nix(x, indent)).join(' ')} ]`;
  if (!isMap(v)) return JSON.stringify(v);
  const inner = `${indent}  `;
  return `{\n${Object.entries(v).map(([k, x]) => `${inner}${k} = ${nix(x, inner)};`).join('\n')}\n${indent}}`;
}

// Block style throughout, as people write YAML by hand; scalars as JSON (valid YAML).
function yaml(v, indent = '') {
  const inner = `${indent}  `;
  const item = (x) => (isMap(x) ? yaml(x, `${inner}  `).replace(/^ +/, '') : `${JSON.stringify(x)}\n`);
  return Object.entries(v)
    .map(([k, x]) => {
      if (isMap(x) && Object.keys(x).length > 0) return `${indent}${k}:\n${yaml(x, inner)}`;
      if (Array.isArray(x) && x.length > 0) return `${indent}${k}:\n${x.map((el) => `${inner}- ${item(el)}`).join('')}`;
      return `${indent}${k}: ${JSON.stringify(x)}\n`;
    })
    .join('');
}

const WRITERS = {
  nix: (t) => `${nix(t)}\n`,
  yaml: (t) => yaml(t),
  json: (t) => `${JSON.stringify(t, null, 2)}\n`,
};

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median times of `args` and of a bare node start, run alternately so both see the same load. */
function measure(args) {
  const check = [];
  const bare = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(time(['-e', '']));
    check.push(time(args));
  }
  return { ms: median(check), bare: median(bare), best: Math.min(...check) - Math.min(...bare) };
}

/** Warm in-process time of each stage, so the cost of each is visible apart from start-up. */
async function stages(text, file, hardwareText = null) {
  const { parseTopology } = await import('../dist/cli/topology/load/index.js');
  const { validate } = await import('../dist/cli/topology/validate/index.js');
  const { resolve } = await import('../dist/cli/topology/resolve/index.js');
  const { parseHardware } = await import('../dist/cli/hardware/parse.js');
  const timed = (f) => {
    const start = process.hrtime.bigint();
    const value = f();
    return [value, Number(process.hrtime.bigint() - start) / 1e6];
  };
  const runs = Array.from({ length: RUNS }, () => {
    const [loaded, load] = timed(() => ({ ...parseTopology(text, file), hw: hardwareText && parseHardware(hardwareText, 'hardware.json').hardware }));
    const [checked, check] = timed(() => validate(loaded.root, loaded.hw));
    const [, res] = timed(() => resolve(checked.spec, file, loaded.hw));
    return { load, validate: check, resolve: res };
  });
  return Object.fromEntries(['load', 'validate', 'resolve'].map((k) => [k, median(runs.map((r) => r[k]))]));
}

const dir = mkdtempSync(join(tmpdir(), 'spectrum-bench-'));
try {
  console.log(`median of ${RUNS} runs each; node = a bare \`node -e ''\` timed alternately with each check`);
  console.log('marginal = (check ms - check ms at 10 VMs) / (VMs - 10): the cost of one more VM\n');
  console.log('best = fastest check minus fastest node start: the least noisy figure on a shared machine\n');
  console.log('syntax    VMs  file KiB  node ms  check ms  beyond node ms  (best)  marginal µs/VM  ratio to node  | warm in-process ms: load  validate  resolve');
  for (const syntax of SYNTAXES) {
    let small = null;
    for (const size of SIZES) {
      const file = join(dir, `topology-${size}.${syntax}`);
      const text = WRITERS[syntax](topology(size));
      writeFileSync(file, text);
      const { ms, bare, best } = measure([join(REPO, 'bin', 'spectrum.js'), 'check', file]);
      small ??= ms;
      print(syntax, size, text, { ms, bare, best }, small, await stages(text, file));
    }
    // The budget's size again, with a hardware.json beside the topology.
    const sub = join(dir, `hw-${syntax}`);
    mkdirSync(sub);
    const file = join(sub, `topology.${syntax}`);
    const text = WRITERS[syntax](topology(HW_SIZE));
    writeFileSync(file, text);
    writeFileSync(join(sub, 'hardware.json'), hardware());
    const m = measure([join(REPO, 'bin', 'spectrum.js'), 'check', file]);
    print(`${syntax}+hw`, HW_SIZE, text, m, null, await stages(text, file, hardware()));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** One line of the table; `small` is the 10-VM check time of the syntax (null: no marginal). */
function print(syntax, size, text, { ms, bare, best }, small, s) {
  const marginal = small !== null && size > SIZES[0] ? (((ms - small) * 1000) / (size - SIZES[0])).toFixed(1) : '-';
  console.log(
    [syntax.padEnd(6), String(size).padStart(6), (text.length / 1024).toFixed(0).padStart(9), bare.toFixed(1).padStart(8),
      ms.toFixed(1).padStart(9), (ms - bare).toFixed(1).padStart(15), best.toFixed(1).padStart(7), marginal.padStart(15),
      (ms / bare).toFixed(2).padStart(14), ' |', s.load.toFixed(1).padStart(23), s.validate.toFixed(1).padStart(9),
      s.resolve.toFixed(1).padStart(8)].join(' '),
  );
}
