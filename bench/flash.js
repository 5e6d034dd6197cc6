// Flash throughput against dd, in the same run, on the same targets: a loop device over a file
// (this machine's stand-in for a USB stick) and a plain file. Run as root after `npm run build`:
//   node bench/flash.js            (BENCH_FLASH_MIB=512 and BENCH_FLASH_RUNS=5 by default)
// Prints, per target, the median seconds of each contender and the ratios the issue sets
// targets for: write vs `dd bs=4M oflag=direct conv=fsync` (within 10%), and write + verify vs
// dd + `cmp` (no slower). "write"/"verify" time the phases through the CLI's own modules; "cli"
// times the whole `spectrum flash` process (start-up, lsblk, write, verify) for reference.
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openForWrite, plainBuffers } from '../dist/cli/flash/open.js';
import { writeImage } from '../dist/cli/flash/write.js';
import { verifyImage } from '../dist/cli/flash/verify.js';

const MiB = 1 << 20;
const SIZE = Number(process.env.BENCH_FLASH_MIB ?? 512) * MiB;
const RUNS = Number(process.env.BENCH_FLASH_RUNS ?? 5);
const CLI = resolve(fileURLToPath(import.meta.url), '../../bin/spectrum.js');

const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
};
const seconds = (fn) => {
  const t = process.hrtime.bigint();
  return Promise.resolve(fn()).then(() => Number(process.hrtime.bigint() - t) / 1e9);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function flashPhases(image, target) {
  const imageFd = openSync(image, 'r');
  const t = target.startsWith('/dev/') ? { kind: 'block', given: target, path: target } : { kind: 'file', given: target, path: target, name: 'f', size: SIZE, id: null };
  const opened = openForWrite(t, image, SIZE, target.startsWith('/dev/') ? 512 : 4096);
  const signal = new AbortController().signal;
  try {
    const w = await writeImage({ imageFd, imageBytes: SIZE, targetFd: opened.fd, buffers: opened.buffers, signal, onProgress: () => {} });
    if (w.kind !== 'done') throw new Error(`write ${w.kind}`);
    const imageBuffers = plainBuffers(opened.buffers.length);
    const v = await verifyImage({ imageFd, imageBytes: SIZE, targetFd: opened.fd, targetBuffers: opened.buffers, imageBuffers, signal, onProgress: () => {} });
    if (v.kind !== 'identical') throw new Error(`verify ${v.kind}`);
    return { write: w.seconds, verify: v.seconds, direct: opened.direct };
  } finally {
    closeSync(opened.fd);
    closeSync(imageFd);
  }
}

async function benchTarget(label, image, target, cliArgs) {
  const r = { dd: [], cmp: [], write: [], verify: [], cli: [] };
  let direct = false;
  const dd = () => sh('dd', [`if=${image}`, `of=${target}`, 'bs=4M', 'oflag=direct', 'conv=fsync,notrunc', 'status=none']);
  const cmp = () => sh('cmp', ['-n', String(SIZE), image, target]);
  const cli = () => sh('node', [CLI, 'flash', '--yes', ...cliArgs, image, target]);
  // One unmeasured round so that first-write block allocation favours nobody.
  dd();
  await flashPhases(image, target);
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither side always runs on a warmer cache.
    const ours = async () => {
      const p = await flashPhases(image, target);
      r.write.push(p.write);
      r.verify.push(p.verify);
      direct = p.direct;
    };
    const theirs = async () => {
      r.dd.push(await seconds(dd));
      r.cmp.push(await seconds(cmp));
    };
    if (i % 2) await ours(), await theirs();
    else await theirs(), await ours();
    r.cli.push(await seconds(cli));
  }
  const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)]));
  const rate = (s) => `${(SIZE / MiB / s).toFixed(0)} MiB/s`;
  console.log(`\n${label} (${SIZE / MiB} MiB image, median of ${RUNS}, spectrum ${direct ? 'O_DIRECT' : 'buffered'})`);
  console.log(`  dd write      ${m.dd.toFixed(3)} s  ${rate(m.dd)}`);
  console.log(`  spectrum write ${m.write.toFixed(3)} s  ${rate(m.write)}   ratio ${(m.write / m.dd).toFixed(2)} (target <= 1.10)`);
  console.log(`  cmp           ${m.cmp.toFixed(3)} s  ${rate(m.cmp)}`);
  console.log(`  spectrum verify ${m.verify.toFixed(3)} s  ${rate(m.verify)}   ratio ${(m.verify / m.cmp).toFixed(2)} vs cmp`);
  console.log(`  write+verify / dd+cmp  ratio ${((m.write + m.verify) / (m.dd + m.cmp)).toFixed(2)} (target <= 1.00)`);
  console.log(`  whole \`spectrum flash\` process ${m.cli.toFixed(3)} s   ratio ${(m.cli / (m.dd + m.cmp)).toFixed(2)} vs dd+cmp`);
}

const dir = mkdtempSync(join(tmpdir(), 'spectrum-bench-flash-'));
let loop = null;
try {
  const image = join(dir, 'image.img');
  const fd = openSync(image, 'w');
  for (let done = 0; done < SIZE; done += 16 * MiB) writeSync(fd, randomBytes(16 * MiB));
  closeSync(fd);
  const stickFile = join(dir, 'stick.img');
  writeFileSync(stickFile, '');
  truncateSync(stickFile, SIZE + 64 * MiB);
  loop = sh('losetup', ['--find', '--show', stickFile]);
  await benchTarget(`loop device ${loop} over a file`, image, loop, ['--allow-fixed']);
  const plain = join(dir, 'plain.img');
  writeFileSync(plain, '');
  truncateSync(plain, SIZE);
  await benchTarget('plain file', image, plain, ['--to-file']);
} finally {
  if (loop) spawnSync('losetup', ['-d', loop]);
  rmSync(dir, { recursive: true, force: true });
}
