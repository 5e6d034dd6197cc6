// Benchmark of the host runtime (issue "The host runs its VMs", "Speed"): how long the host
// takes from up to every VM ready, against the critical path of the VMs' own boot times, and
// what each running VM costs the host beyond its guest RAM. Run after `npm run build`:
//   node bench/runtime.js [default 1 4 8]      (or: npm run bench -- runtime)
// For the bundled default topology and for topologies of 1, 4 and 8 independent app VMs
// (QEMU, 256 MiB each), it builds the live image with the host package set, boots it with
// `spectrum run` (TCG; the VMs under nested KVM) and reads, from the host's own console:
// - wall: "all N VMs ready (T s after host up)";
// - each VM's boot: its own uptime when it reported ready (`vm list --json`, "boot"), and the
//   critical path: the longest chain of boots through `after` (the resolved start order);
//   ratio wall / critical path (target <= 1.25: supervision adds little);
// - per VM: its VMM's resident memory beyond the guest RAM mapping (/proc/PID/smaps: the
//   largest mapping is the guest's RAM), and its supervisors' (s6-supervise of the service
//   and of its logger, and s6-log).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Console, powerOff } from './host-console.js';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');
const CLI = join(REPO, 'bin/spectrum.js');
const cases = process.argv.slice(2).length ? process.argv.slice(2) : ['default', '1', '4', '8'];
const work = mkdtempSync(join(tmpdir(), 'spectrum-bench-runtime-'));
// The topologies and their out links (GC roots of the images) go with the run, also on failure.
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function topologyFile(name) {
  if (name === 'default') return join(REPO, 'examples/default/topology.nix');
  const n = Number(name);
  // readyTimeout 900: booting side by side on the host's one vCPU, 8 VMs each take longer
  // than the default 180 s and would be restarted again and again instead of measured.
  const vms = Array.from({ length: n }, (_, i) => `    app${i} = { memory = 256; readyTimeout = 900; };`).join('\n');
  const dir = join(work, `n${n}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'topology.nix');
  writeFileSync(file, `{\n  name = "bench-${n}";\n  vmm = "qemu";\n  vms = {\n${vms}\n  };\n}\n`);
  return file;
}

/** The resolved topology (VM names and their `after`), from the compiled pipeline. */
async function resolved(file) {
  const { loadTopology } = await import('../dist/cli/topology/pipeline.js');
  const { topology } = await loadTopology(file);
  return topology;
}

/** The longest chain of boot times through `after`. */
function criticalPath(vms, boot) {
  const memo = new Map();
  const finish = (name) => {
    if (!memo.has(name)) {
      const vm = vms.find((v) => v.name === name);
      memo.set(name, Math.max(0, ...vm.after.map(finish)) + boot.get(name));
    }
    return memo.get(name);
  };
  return Math.max(...vms.map((v) => finish(v.name)));
}

const MEMORY = `for n in $(cat /etc/spectrum/start-order); do p=$(s6-svstat -o pid /run/service/$n); ` +
  `vmm=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status); ` +
  `guest=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { m = 1; next } m && /^Size:/ { s = $2 } m && /^Rss:/ { if (s > max) { max = s; r = $2 } } END { print r }' /proc/$p/smaps); ` +
  `sup=0; for q in /proc/[0-9]*; do case "$(tr '\\0' ' ' < $q/cmdline 2>/dev/null)" in "s6-supervise $n "|"s6-supervise $n/log "|"s6-log "*"/$n ") ` +
  `sup=$((sup + $(awk '/^VmRSS/ { print $2 }' $q/status))) ;; esac; done; echo "mem $n $vmm $guest $sup"; done`;

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('topology  VMs  wall s  critical path s  ratio  VMM beyond guest RAM MiB/VM  supervisors MiB/VM');
for (const name of cases) {
  const file = topologyFile(name);
  const dir = join(work, `run-${name}`);
  mkdirSync(dir, { recursive: true });
  const b = spawnSync(process.execPath, [CLI, 'build', 'live-image', file, '--pkgs', 'host'], { cwd: dir, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build of ${name} failed:\n${b.stderr}`);
  const top = await resolved(file);
  const host = new Console(dir);
  try {
    const all = await host.waitFor(/^spectrum: all (\d+) VMs ready \(([0-9.]+) s after host up\)$/m);
    await host.waitFor(/^spectrum# /m);
    const wall = Number(all[2]);
    const list = JSON.parse((await host.sh('vm list --json')).trim());
    const boot = new Map(list.map((v) => [v.name, v.boot]));
    const path = criticalPath(top.vms, boot);
    const mem = [...(await host.sh(MEMORY)).matchAll(/^mem (\S+) (\d+) (\d+) (\d+)$/gm)];
    const beyond = mem.map((m) => (Number(m[2]) - Number(m[3])) / 1024);
    const sup = mem.map((m) => Number(m[4]) / 1024);
    const avg = (xs) => xs.reduce((a, c) => a + c, 0) / xs.length;
    console.log(
      `${name.padEnd(8)}  ${String(list.length).padStart(3)}  ${wall.toFixed(1).padStart(6)}  ${path.toFixed(1).padStart(15)}  ${(wall / path).toFixed(2).padStart(5)}  ` +
        `${avg(beyond).toFixed(1).padStart(27)}  ${avg(sup).toFixed(1).padStart(18)}`,
    );
    const restarted = (v) => (v.restarts > 0 ? ` (restarted ${v.restarts}×: its last start is counted)` : '');
    console.log(`          boots: ${list.map((v) => `${v.name} ${v.boot}${restarted(v)}`).join(', ')}`);
    // Where the rest goes: each VM's "ready (T s)" counts from its start, the guest's uptime
    // from its kernel's clock; the difference is its links and shares, the VMM's start, the
    // firmware, the kernel's loading and decompression. What remains of the wall is the
    // host's own: its modules and s6 after "host up", and the waits between a VM's ready
    // line and its dependents' start.
    const sinceStart = new Map([...host.text.matchAll(/^spectrum: vm (\S+) ready \(([0-9.]+) s\)$/gm)].map((m) => [m[1], Number(m[2])]));
    const before = list.map((v) => `${v.name} ${(sinceStart.get(v.name) - v.boot).toFixed(1)}`);
    const hostShare = wall - criticalPath(top.vms, sinceStart);
    console.log(`          start to guest clock: ${before.join(', ')}; host's own share of the wall: ${hostShare.toFixed(1)} s`);
    // Why a start ended before it was ready: the host's lines about it, and its console (both
    // starts; VMs boot `quiet`, so it is short).
    for (const v of list.filter((x) => x.restarts > 0)) {
      const said = host.text.split('\n').filter((l) => l.startsWith(`spectrum: vm ${v.name} `) && !/ (starting|ready \()/.test(l));
      const log = (await host.sh(`vm log ${v.name}`)).trimEnd().split('\n').slice(-40);
      console.log(`          ${v.name}: ${said.join('; ')}\n${log.map((l) => `            | ${l}`).join('\n')}`);
    }
  } finally {
    await powerOff(host);
  }
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
