// Benchmark of `spectrum build live-image` (issue 4, "Speed and size") on the bundled default
// topology with the host package set. Run after `npm run build`:
//   node bench/build.js            (or: npm run bench -- build; BENCH_BUILD_ROUNDS=3 by default)
// Measures, in one run:
// 1. a cold build through the CLI and Nix against the raw tools alone: the images/ scripts run
//    by hand on the same content (mkfs.erofs, veritysetup, cpio/gzip, extract-vmlinux.sh,
//    objcopy, mkfs.vfat, sfdisk);
// 2. the rebuild after one VM's memory changed, and a rebuild with nothing changed;
// 3. the image's size against its content (spectrum.json);
// 4. boot time to the host-up line under `spectrum run`, direct kernel boot and UEFI.
// "Cold" means a Nix store of its own in a temporary directory (NIX_STORE_DIR, NIX_STATE_DIR):
// every one of the topology's derivations is built, nothing is taken from the user's store and
// nothing is deleted from it. Its paths are not /nix/store, so those images are timed, not booted;
// the boot uses the same topology built in the user's store, as `spectrum build` normally does.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nixEnv } from '../dist/cli/nix/env.js';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');
const CLI = join(REPO, 'bin/spectrum.js');
const IMAGES = join(REPO, 'images');
const TOPOLOGY = join(REPO, 'examples/default/topology.nix');
const ROUNDS = Number(process.env.BENCH_BUILD_ROUNDS ?? 3);
const EFI = '/usr/lib/systemd/boot/efi';
// What the host package set's builders run with (modules/pkgs/host-tools.nix).
const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MiB = 1 << 20;

const now = () => Number(process.hrtime.bigint()) / 1e9;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const size = (path) => statSync(path).size;

/** Runs a command to its end; stderr lines are kept with the second they arrived. */
function timed(cmd, args, { cwd, env }) {
  return new Promise((done, fail) => {
    const started = now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let partial = '';
    const lines = [];
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => {
      const parts = (partial + b).split('\n');
      partial = parts.pop();
      for (const text of parts) lines.push({ at: now() - started, text });
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (partial) lines.push({ at: now() - started, text: partial });
      const result = { code, stdout, lines, seconds: now() - started };
      if (code === 0) return done(result);
      const tail = lines.slice(-15).map((l) => `  | ${l.text}`).join('\n');
      fail(new Error(`${basename(cmd)} ${args.join(' ')} exited with ${code}\n${tail}`));
    });
  });
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error}`);
  return r.stdout;
}

/** Environment of a Nix store of its own below `dir`, and of spectrum's build tree there. */
function privateStore(dir) {
  // NIX_REMOTE=local: a daemon's store would otherwise be used, whatever NIX_STORE_DIR says.
  return {
    ...process.env, NIX_REMOTE: 'local', NIX_STORE_DIR: join(dir, 'nix/store'), NIX_STATE_DIR: join(dir, 'nix/var/nix'),
    NIX_LOG_DIR: join(dir, 'nix/var/log/nix'), XDG_CACHE_HOME: join(dir, 'cache'),
  };
}

/** `spectrum build live-image`, as a user runs it; derivations with the second they started. */
async function spectrumBuild(cwd, env, outLink) {
  const r = await timed(process.execPath, [CLI, 'build', 'live-image', '--pkgs', 'host', '-o', outLink], { cwd, env });
  const starts = r.lines.flatMap((l) => {
    const m = /^building (\S+) \(\d+\/\d+\)$/.exec(l.text);
    return m ? [{ name: m[1], at: l.at }] : [];
  });
  const steps = starts.map((s, i) => ({ name: s.name, seconds: (starts[i + 1]?.at ?? r.seconds) - s.at }));
  const reported = Number(/^built live-image in ([0-9.]+) s$/m.exec(r.stdout)?.[1]);
  return { seconds: r.seconds, reported, steps, beforeFirst: starts[0]?.at ?? r.seconds };
}

/**
 * name -> { env, out } for every derivation of the built image, runtime closures by name, and
 * the store path of every name a closure holds (derivation outputs and sources alike).
 */
function derivations(env, outLink) {
  const nix = nixEnv('host', env);
  const query = (args) => run('nix-store', args, nix).trim().split('\n');
  const drvs = JSON.parse(run('nix', ['show-derivation', '-r', query(['-qd', outLink])[0]], nix));
  const byName = new Map(Object.values(drvs).map((d) => [d.env.name, { env: d.env, out: d.outputs.out.path }]));
  const paths = new Map();
  const closure = (name) => query(['-qR', byName.get(name).out]).map((p) => {
    paths.set(basename(p).slice(33), p);
    return basename(p).slice(33);
  });
  return { get: (name) => byName.get(name) ?? fail(`no derivation ${name} in the build`), names: [...byName.keys()], closure, pathOf: (name) => paths.get(name) };
}

function fail(message) {
  throw new Error(message);
}

/**
 * The raw tools alone: the images/ scripts run by hand, one directory per step named after the
 * derivation it stands for, on the same content as the Nix build. Generated config files (a few
 * KiB of JSON and the init scripts) are taken from the Nix build's outputs; everything else
 * comes from the machine, as a person would run it: the kernel and modules straight from /boot
 * and /lib/modules (the host package set copies them into the store first).
 */
function rawBuild(dir, drv, topo) {
  const S = join(dir, 'store');
  const tmp = join(dir, 'tmp');
  mkdirSync(S, { recursive: true });
  mkdirSync(tmp);
  const env = { PATH: HOST_PATH, SOURCE_DATE_EPOCH: '315532800', LC_ALL: 'C', TMPDIR: tmp };
  const sh = (script, args, extra = {}) => run('sh', [join(IMAGES, script), ...args], { ...env, ...extra });
  const shell = (script, extra) => run('sh', ['-c', `set -eu\n${script}`], { ...env, ...extra });
  const steps = [];
  const step = (name, build) => {
    const t = now();
    build(join(S, name));
    steps.push({ name, seconds: now() - t });
    return join(S, name);
  };
  const copyData = (name, from = drv.get(name).out) => step(name, (out) => shell('cp -a "$from" "$out" && chmod -R u+w "$out"', { from, out }));
  // The host's kernel, and the VMs' (the host's, and Debian's cloud kernel for VMs that own no hardware).
  const kver = /-kernel-image-(.+)$/.exec(drv.get(`host-${topo}`).env.kernel)[1];
  const kernels = drv.names.filter((n) => /^host-kernel-\d/.test(n)).map((n) => drv.get(n).env.version);
  const veritysetup = shell('command -v veritysetup').trim();
  const pkgPaths = (name) => drv.get(name).env.packages.split(' ').map((p) => join(S, basename(p).slice(33)));
  // A Nix store path (possibly of a file inside an output) as the raw side's path.
  const inRaw = (path) => join(S, path.slice(path.search(/\/[0-9a-z]{32}-/) + 34));
  const closureNames = (name) => [...new Set(pkgPaths(name).flatMap((p) => drv.closure(basename(p))))];
  const closureOf = (name) => {
    const list = join(tmp, `${name}.closure`);
    writeFileSync(list, closureNames(name).map((n) => join(S, n)).join('\n'));
    return list;
  };
  // What a root holds that no step above made (the host set's copies of the build machine's
  // programs, the host's runtime scripts): copied as they are, as a person would copy them.
  const copyMissing = (name) => {
    for (const n of closureNames(name)) if (!existsSync(join(S, n))) copyData(n, drv.pathOf(n));
  };
  const rootfs = (name) => (copyMissing(name), step(name, (out) => {
    const root = join(tmp, name);
    sh('mktree.sh', [root, ...pkgPaths(name)], { CLOSURE: closureOf(name) });
    mkdirSync(out);
    sh('mkrootfs.sh', [root, join(out, 'root.erofs'), drv.get(name).env.fsName]);
    sh('mkverity.sh', [join(out, 'root.erofs'), out]);
    rmSync(root, { recursive: true, force: true });
  }));
  const initramfs = (name) => step(name, (out) => {
    const { MODULES, OPTIONAL_MODULES, KVER } = drv.get(name).env;
    mkdirSync(out);
    sh('mkinitramfs.sh', [join(out, 'initrd')], {
      KERNEL: '/', KVER, MODULES, OPTIONAL_MODULES, BUSYBOX: join(S, 'host-busybox/bin/busybox'),
      VERITYSETUP: veritysetup, INIT: join(IMAGES, 'init'), COPY_ELF: join(IMAGES, 'copy-elf.sh'),
    });
  });

  const started = now();
  step('host-busybox', (out) => shell(
    'mkdir -p "$out/bin" && cp /usr/bin/busybox "$out/bin/busybox"\n' +
    'for a in $("$out/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$out/bin/$a"; done', { out }));
  for (const k of kernels) {
    step(`kernel-image-${k}`, (out) => {
      mkdirSync(out);
      copyFileSync(`/boot/vmlinuz-${k}`, join(out, 'bzImage'));
    });
    // Built only when a cloud-hypervisor VM boots it (modules/pkgs/host-vmlinux.nix).
    if (drv.names.includes(`host-vmlinux-${k}`)) {
      step(`host-vmlinux-${k}`, (out) => {
        mkdirSync(out);
        sh('extract-vmlinux.sh', [`/boot/vmlinuz-${k}`, join(out, 'vmlinux')]);
      });
    }
    if (drv.names.includes(`vm-${k}-initramfs`)) initramfs(`vm-${k}-initramfs`);
  }
  // The modules a root loads (a net VM's nftables, the host's KVM and vsock, ...).
  for (const name of drv.names.filter((n) => n.endsWith('-kernel-modules'))) {
    step(name, (out) => {
      const { MODULES, OPTIONAL_MODULES, KVER } = drv.get(name).env;
      sh('mkmodules.sh', [join(out, 'lib/modules/spectrum')], { KERNEL: '/', KVER, MODULES, OPTIONAL_MODULES });
    });
  }
  for (const vm of JSON.parse(drv.get(`host-${topo}-config`).env.hostJson).vms) {
    copyData(`vm-${vm}-config`);
    const programs = drv.names.includes(`vm-${vm}-host-programs`) ? drv.get(`vm-${vm}-host-programs`).env.names : '';
    if (programs) {
      step(`vm-${vm}-host-programs`, (out) => shell('for p in $names; do sh "$copyElf" "$(command -v "$p")" "$out" "bin/$p"; done',
        { names: programs, out, copyElf: join(IMAGES, 'copy-elf.sh') }));
    }
    rootfs(`vm-${vm}-rootfs`);
    const nixBundle = drv.get(`vm-${vm}`).out;
    step(`vm-${vm}`, (out) => shell(
      'mkdir -p "$out" && cp -a "$from/bin" "$from/vm.json" "$out/" && { [ ! -e "$from/vmm-missing" ] || cp "$from/vmm-missing" "$out/"; }\n' +
      'ln -s "$root" "$out/rootfs" && ln -s "$kernel" "$out/kernel" && ln -s "$initrd" "$out/initrd"',
      { from: nixBundle, out, root: join(S, `vm-${vm}-rootfs`), kernel: inRaw(drv.get(`vm-${vm}`).env.kernel), initrd: join(inRaw(drv.get(`vm-${vm}`).env.initramfs), 'initrd') }));
  }
  const config = copyData(`host-${topo}-config`);
  shell('cd "$dir" && for vm in *; do rm "$vm" && ln -s "$S/vm-$vm" "$vm"; done', { dir: join(config, 'usr/lib/spectrum/vms'), S });
  const root = rootfs(`host-${topo}-rootfs`);
  initramfs('host-initramfs');
  const host = step(`host-${topo}`, (out) => {
    mkdirSync(out);
    const nixCmdline = readFileSync(join(drv.get(`host-${topo}`).out, 'cmdline'), 'utf8');
    const roothash = readFileSync(join(root, 'roothash'), 'utf8').trim();
    writeFileSync(join(out, 'cmdline'), nixCmdline.replace(/roothash=[0-9a-f]{64}/, `roothash=${roothash}`));
  });
  const uki = step(`uki-${topo}`, (out) => {
    mkdirSync(out);
    writeFileSync(join(tmp, 'os-release'), drv.get(`uki-${topo}`).env.osRelease);
    sh('mkuki.sh', [join(out, 'uki.efi')], {
      STUB: `${EFI}/linuxx64.efi.stub`, KERNEL: `/boot/vmlinuz-${kver}`, INITRD: join(S, 'host-initramfs/initrd'),
      CMDLINE: join(host, 'cmdline'), OSREL: join(tmp, 'os-release'),
    });
  });
  const esp = step(`esp-${topo}`, (out) => {
    mkdirSync(out);
    sh('mkesp.sh', [join(out, 'esp.img'), `${EFI}/systemd-bootx64.efi`, join(uki, 'uki.efi'), drv.get(`esp-${topo}`).env.entry]);
  });
  const disk = step(`disk-${topo}`, (out) => {
    mkdirSync(out);
    const parts = [join(esp, 'esp.img'), join(root, 'root.erofs'), join(root, 'root.verity'), join(root, 'roothash')];
    sh('mkdisk.sh', [join(out, 'live.img'), ...parts], { MARGIN_MIB: drv.get(`disk-${topo}`).env.MARGIN_MIB });
  });
  return { seconds: now() - started, steps, rootBytes: size(join(root, 'root.erofs')), imageBytes: size(join(disk, 'live.img')) };
}

/** `spectrum run IMAGE --expect 'host up'`: seconds from QEMU's start to the line, as the CLI reports. */
async function boot(cwd, image, uefi) {
  const args = [CLI, 'run', image, '--expect', 'host up', '--timeout', '180', ...(uefi ? ['--uefi'] : [])];
  const r = await timed(process.execPath, args, { cwd, env: process.env });
  const m = r.lines.map((l) => /printed .* after ([0-9.]+) s \((\w+)\)$/.exec(l.text)).find(Boolean);
  return { seconds: Number(m?.[1]), accel: m?.[2] ?? '?', wall: r.seconds };
}

const fmt = (s) => `${s.toFixed(2)} s`;
const mib = (b) => `${(b / MiB).toFixed(1)} MiB`;
const verdict = (ok) => (ok ? 'met' : 'MISSED');

/** 1. Cold builds, each in a fresh store, against the raw tools; alternating who goes first. */
async function coldRounds(T, work) {
  const rounds = [];
  let drv;
  let topo;
  let store;
  for (let i = 0; i < ROUNDS; i++) {
    store = privateStore(join(T, `store-${i}`));
    const out = join(T, `result-${i}`);
    const nixBuild = () => spectrumBuild(work, store, out);
    const raw = () => rawBuild(join(T, `raw-${i}`), drv, topo);
    let nix;
    let tools;
    // The raw side takes the config files of the first Nix build, so that one goes first.
    if (i % 2 === 0) {
      nix = await nixBuild();
      drv ??= derivations(store, out);
      topo ??= JSON.parse(readFileSync(join(out, 'spectrum.json'), 'utf8')).name;
      tools = raw();
    } else {
      tools = raw();
      nix = await nixBuild();
    }
    rounds.push({ nix, tools });
    console.log(`round ${i + 1}: spectrum/Nix cold ${fmt(nix.seconds)} (${nix.steps.length} derivations), raw tools ${fmt(tools.seconds)}, ratio ${(nix.seconds / tools.seconds).toFixed(2)}`);
  }
  const nixBytes = {
    root: size(join(drv.get(`host-${topo}-rootfs`).out, 'root.erofs')),
    image: size(join(drv.get(`disk-${topo}`).out, 'live.img')),
  };
  return { rounds, store, out: join(T, `result-${ROUNDS - 1}`), nixBytes };
}

/** 2. The notes VM's memory changed, then nothing changed (three times), in the given store. */
async function rebuilds(work, env, out) {
  const file = join(work, 'topology.nix');
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(/(notes = \{[^}]*memory = )1024;/, '$11536;');
  if (changed === text) throw new Error(`${TOPOLOGY} no longer gives the notes VM "memory = 1024;": update bench/build.js`);
  writeFileSync(file, changed);
  const oneVm = await spectrumBuild(work, env, out);
  return { oneVm, noChange: await noChangeBuilds(work, env, out) };
}

async function noChangeBuilds(cwd, env, out) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await spectrumBuild(cwd, env, out));
  return { seconds: median(runs.map((r) => r.seconds)), reported: median(runs.map((r) => r.reported)) };
}

/** 3. and 4. The bundled default topology in the user's store, as `spectrum build` makes it; booted. */
async function userStore(T) {
  const cwd = join(T, 'real');
  mkdirSync(cwd);
  const build = await spectrumBuild(cwd, process.env, join(cwd, 'result'));
  const noChange = await noChangeBuilds(cwd, process.env, join(cwd, 'result'));
  const image = JSON.parse(readFileSync(join(cwd, 'result/spectrum.json'), 'utf8'));
  return { build, noChange, image, direct: await boot(cwd, 'result', false), uefi: await boot(cwd, 'result', true) };
}

function breakdown({ rounds, nixBytes }) {
  const [first] = rounds;
  console.log(`\nwhere the cold build's time goes (round 1; Nix: from each derivation's start to the next one's)`);
  console.log(`  spectrum start-up, load, generate, nix evaluation: ${fmt(first.nix.beforeFirst)}`);
  const raw = new Map(first.tools.steps.map((s) => [s.name, s.seconds]));
  const big = first.nix.steps.filter((s) => s.seconds >= 0.15 || raw.get(s.name) >= 0.15).sort((a, b) => b.seconds - a.seconds);
  for (const s of big) console.log(`  ${s.name.padEnd(34)} nix ${fmt(s.seconds).padStart(8)}   raw ${raw.has(s.name) ? fmt(raw.get(s.name)) : '(not a step)'}`);
  const rest = first.nix.steps.filter((s) => !big.includes(s));
  console.log(`  ${`${rest.length} other derivations`.padEnd(34)} nix ${fmt(sum(rest.map((s) => s.seconds))).padStart(8)}   raw ${fmt(sum(rest.map((s) => raw.get(s.name) ?? 0)))}`);
  console.log(`same content: host root erofs ${mib(nixBytes.root)} (Nix) vs ${mib(first.tools.rootBytes)} (raw); live.img ${mib(nixBytes.image)} vs ${mib(first.tools.imageBytes)}`);
}

function table(cold, again, user) {
  // Best of the rounds on each side: the run least disturbed by other jobs on the machine.
  const nix = Math.min(...cold.rounds.map((r) => r.nix.seconds));
  const raw = Math.min(...cold.rounds.map((r) => r.tools.seconds));
  const mean = (side) => fmt(sum(cold.rounds.map((r) => r[side].seconds)) / ROUNDS);
  const { image } = user;
  const limit = image.contentBytes * 1.1 + 8 * MiB;
  const still = (r) => `${fmt(r.seconds)} (median of 3; as reported ${fmt(r.reported)})`;
  const rows = [
    ['cold build, spectrum/Nix vs raw tools', `${fmt(nix)} vs ${fmt(raw)} (best of ${ROUNDS}; means ${mean('nix')} vs ${mean('tools')})`, '<= 1.5x', `${(nix / raw).toFixed(2)}x`, verdict(nix / raw <= 1.5)],
    ['rebuild after notes memory change', `${fmt(again.oneVm.seconds)}, ${again.oneVm.steps.length} derivations`, '-', `${(again.oneVm.seconds / nix).toFixed(2)}x of best cold`, '-'],
    ['rebuild with no change, own store', still(again.noChange), '< 1 s', '-', verdict(again.noChange.seconds < 1)],
    ["rebuild with no change, user's store", still(user.noChange), '< 1 s', '-', verdict(user.noChange.seconds < 1)],
    ['image vs content', `${mib(image.imageBytes)} vs ${mib(image.contentBytes)}`, `<= ${mib(limit)}`, `${(image.imageBytes / image.contentBytes).toFixed(3)}x`, verdict(image.imageBytes <= limit)],
    [`boot to host up, direct (${user.direct.accel})`, `${fmt(user.direct.seconds)} (command ${fmt(user.direct.wall)})`, '-', '-', '-'],
    [`boot to host up, UEFI (${user.uefi.accel})`, `${fmt(user.uefi.seconds)} (command ${fmt(user.uefi.wall)})`, '-', '-', '-'],
  ];
  console.log('\n| figure | measured | target | ratio | target met |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

const loads = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(T) {
  if (!(Number.isInteger(ROUNDS) && ROUNDS > 0)) throw new Error(`BENCH_BUILD_ROUNDS must be a whole number above 0, not ${process.env.BENCH_BUILD_ROUNDS}`);
  const start = loads();
  console.log(`load average at start: ${start} (${spawnSync('nproc').stdout.toString().trim()} cores)`);
  // A copy beside the build, so that the one-VM change edits a file of ours; same content.
  const work = join(T, 'work');
  mkdirSync(work);
  copyFileSync(TOPOLOGY, join(work, 'topology.nix'));
  const cold = await coldRounds(T, work);
  const again = await rebuilds(work, cold.store, cold.out);
  const user = await userStore(T);
  breakdown(cold);
  console.log(`\nrebuilt after the notes change: ${again.oneVm.steps.map((s) => `${s.name} ${s.seconds.toFixed(2)}`).join(', ')}`);
  console.log(`build of the bundled default in the user's store (for the boots): ${fmt(user.build.seconds)}, ${user.build.steps.length} derivations built`);
  table(cold, again, user);
  console.log(`\nload average at start ${start}, at end ${loads()}`);
}

const T = mkdtempSync(join(tmpdir(), 'spectrum-bench-build-'));
// Store paths are read-only: make them writable so that the whole directory can go.
const cleanup = () => {
  spawnSync('chmod', ['-R', 'u+w', T]);
  rmSync(T, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (cleanup(), process.exit(130)));
try {
  await main(T);
} finally {
  cleanup();
}
