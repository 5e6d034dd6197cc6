// Flash throughput against dd and cmp, in the same run, on the same targets: a loop device over
// a file (this machine's stand-in for a USB stick) and a plain file, with a real live image
// (examples/default, built with the host package set), whose backup GPT spectrum moves to the
// end of the larger stick. Run as root: `npm run bench -- flash` (BENCH_FLASH_RUNS=7).
// Both sides are measured the same way (bench/README-flash.md):
// - write: each program's own timing of its copy, sync included: dd's closing statistics line
//   and spectrum's `writeSeconds` (--json). Target as first stated: ratio <= 1.10.
// - write + verify: wall time of whole processes, `spectrum flash` against `dd` then a read-back
//   behind the page cache as spectrum's verify does (`dd iflag=direct | cmp`), Node's start-up
//   included. Target as first stated: ratio <= 1.00.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage } from './host-console.js';

const MiB = 1 << 20;
const RUNS = Number(process.env.BENCH_FLASH_RUNS ?? 7);
const REPO = resolve(fileURLToPath(import.meta.url), '../..');
const CLI = join(REPO, 'bin/spectrum.js');

const run = (cmd, args, o = {}) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...o });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ...r, seconds };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** dd's own time for the copy, from its closing line "… copied, 0.471 s, 1.1 GB/s". */
function ddSeconds(stderr) {
  const m = /copied, ([0-9.]+) s,/.exec(stderr);
  if (!m) throw new Error(`no timing in dd's output: ${stderr}`);
  return Number(m[1]);
}

function benchTarget(label, image, target, flags) {
  const size = statSync(image).size;
  const r = { ddOwn: [], writeOwn: [], ddCmp: [], flash: [], start: [] };
  let moved = false;
  let direct = false;
  const theirs = () => {
    const dd = run('dd', [`if=${image}`, `of=${target}`, 'bs=4M', 'oflag=direct', 'conv=fsync,notrunc']);
    const count = String(Math.ceil(size / (4 * MiB)));
    const cmp = run('sh', ['-c', 'dd if="$1" iflag=direct bs=4M count="$2" status=none | cmp -n "$3" "$4" -', 'sh', target, count, String(size), image]);
    r.ddOwn.push(ddSeconds(dd.stderr));
    r.ddCmp.push(dd.seconds + cmp.seconds);
  };
  const ours = () => {
    const f = run(process.execPath, [CLI, 'flash', '--yes', '--json', ...flags, image, target]);
    const out = JSON.parse(f.stdout);
    r.writeOwn.push(out.writeSeconds);
    r.flash.push(f.seconds);
    r.start.push(run(process.execPath, [CLI, '--version']).seconds);
    moved = out.gptMoved;
    direct = out.directIo;
  };
  // One unmeasured round of each first, so that block allocation and cold caches favour nobody.
  theirs();
  ours();
  Object.values(r).forEach((xs) => xs.splice(0));
  const before = loadAverage();
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither side always runs on a warmer cache.
    if (i % 2) ours(), theirs();
    else theirs(), ours();
  }
  const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)]));
  const rate = (s) => `${(size / MiB / s).toFixed(0)} MiB/s`;
  console.log(`\n${label}: ${(size / MiB).toFixed(1)} MiB live image, median of ${RUNS}; spectrum ${direct ? 'O_DIRECT' : 'buffered'}, GPT ${moved ? 'moved' : 'in place'}`);
  console.log(`  load average (1, 5, 15 min) before ${before}, after ${loadAverage()}, on ${cpus().length} cores`);
  console.log(`  write, each program's own timing:  dd ${m.ddOwn.toFixed(3)} s (${rate(m.ddOwn)})  spectrum ${m.writeOwn.toFixed(3)} s (${rate(m.writeOwn)})  ratio ${(m.writeOwn / m.ddOwn).toFixed(2)} (target <= 1.10)`);
  console.log(`  write + verify, whole processes:   dd + read-back ${m.ddCmp.toFixed(3)} s  spectrum flash ${m.flash.toFixed(3)} s  ratio ${(m.flash / m.ddCmp).toFixed(2)} (target <= 1.00)`);
  console.log(`    of which Node starting spectrum (\`spectrum --version\`) ${m.start.toFixed(3)} s; without it: ratio ${((m.flash - m.start) / m.ddCmp).toFixed(2)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'spectrum-bench-flash-'));
let loop = null;
try {
  const built = run(process.execPath, [CLI, 'build', 'live-image', join(REPO, 'examples/default/topology.nix'), '--pkgs', 'host', '-o', join(dir, 'result')], { cwd: dir });
  console.log(`built examples/default's live image in ${built.seconds.toFixed(1)} s (cached builds take under a second)`);
  const image = join(dir, 'result/live.img');
  const size = statSync(image).size;
  const stickFile = join(dir, 'stick.img');
  writeFileSync(stickFile, '');
  truncateSync(stickFile, size + 64 * MiB);
  loop = run('losetup', ['--find', '--show', stickFile]).stdout.trim();
  benchTarget(`loop device ${loop} over a file, 64 MiB larger than the image`, image, loop, ['--allow-fixed']);
  const plain = join(dir, 'plain.img');
  writeFileSync(plain, '');
  truncateSync(plain, size);
  benchTarget('plain file of the image size', image, plain, ['--to-file']);
} finally {
  if (loop) spawnSync('losetup', ['-d', loop]);
  rmSync(dir, { recursive: true, force: true });
}
