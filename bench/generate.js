// `spectrum generate` and the evaluation of what it writes, for 10, 100 and 1,000 VMs.
// Run after `npm run build`:   node bench/generate.js      (BENCH_GENERATE_RUNS=5 by default)
// Prints, per size, the median wall time and CPU time (user + sys, which other load on the
// machine disturbs less) of
//   - `node -e ''` (the baseline: Node's own start, measured in the same run),
//   - `spectrum generate` into a fresh directory, and again into an up-to-date one,
//   - `nix-instantiate DIR -A live-image --arg pkgsSet '"host"'` (evaluation of the whole tree),
// with the time beyond Node's start and the cost per VM, so growth is visibly linear or not;
// then the CPU time of each stage in-process (load+validate+resolve, emit, write) next to
// the floor of writing the same files with plain writeFileSync, since creating files is
// what dominates on a slow filesystem.
// Target (issue 3): 1,000 VMs generated in under 1 s beyond Node's start.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nixEnv } from '../dist/cli/nix/env.js';
import { emitTree, writeTree } from '../dist/cli/emit/index.js';
import { loadTopology } from '../dist/cli/topology/pipeline.js';

const CLI = resolve(fileURLToPath(import.meta.url), '../../bin/spectrum.js');
const RUNS = Number(process.env.BENCH_GENERATE_RUNS ?? 5);
const SIZES = [10, 100, 1000];

/** { wall, cpu } seconds of one run; bash's `times` gives the child's user + sys time. */
function run(cmd, args, env = process.env) {
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null || exit $?; times', 'bash', cmd, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [user, sys] = r.stdout.trim().split('\n').at(-1).split(' ').map((t) => {
    const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(t);
    return Number(m) * 60 + Number(s);
  });
  return { wall, cpu: user + sys };
}

/** CPU milliseconds (user + sys) of this process spent in fn. */
async function cpuOf(fn) {
  const start = process.cpuUsage();
  const value = await fn();
  const d = process.cpuUsage(start);
  return { value, cpu: (d.user + d.system) / 1e6 };
}

async function stages(file, out) {
  const load = await cpuOf(() => loadTopology(file));
  const emit = await cpuOf(() => emitTree(load.value.topology));
  rmSync(out, { recursive: true, force: true });
  const write = await cpuOf(() => writeTree(out, emit.value, { redirect: 'pass another output directory with -o' }));
  rmSync(out, { recursive: true, force: true });
  const floor = await cpuOf(() => {
    for (const [path, content] of emit.value) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), content);
    }
  });
  rmSync(out, { recursive: true, force: true });
  return { load: load.cpu, emit: emit.cpu, write: write.cpu, floor: floor.cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timeRuns = (fn) => {
  const runs = Array.from({ length: RUNS }, fn);
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
};

/** A net VM and n-1 app VMs behind it, each with a share, packages and a description. */
function topologySource(n) {
  const apps = Array.from({ length: n - 1 }, (_, i) => {
    const name = `app-${String(i + 1).padStart(4, '0')}`;
    return `    ${name} = { description = "App VM ${i + 1}"; memory = "1G"; net = "sys-net"; packages = [ "curl" "less" ]; shares = [ { tag = "data"; } ]; };`;
  });
  return [
    `{`,
    `  name = "bench-${n}";`,
    `  vms = {`,
    `    sys-net = { role = "net"; memory = "256M"; devices = [ "0000:00:1f.6" ]; };`,
    ...apps,
    `  };`,
    `}`,
    ``,
  ].join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'spectrum-bench-generate-'));
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const us = (s) => `${(s * 1e6).toFixed(0)} µs`;
try {
  const node = timeRuns(() => run(process.execPath, ['-e', '']));
  console.log(`node -e '' (baseline): ${ms(node.wall)} wall, ${ms(node.cpu)} cpu (median of ${RUNS})\n`);
  console.log('       generate into a fresh dir                  | regenerate, no change | nix-instantiate -A live-image');
  console.log('VMs    wall   beyond node  per VM | cpu beyond node  per VM | wall beyond node       | wall     per VM | cpu      per VM');
  const rows = [];
  for (const n of SIZES) {
    const file = join(work, `topology-${n}.nix`);
    writeFileSync(file, topologySource(n));
    let k = 0;
    const fresh = timeRuns(() => run(process.execPath, [CLI, 'generate', file, '-o', join(work, `out-${n}-${k++}`)]));
    const dir = join(work, `out-${n}-0`);
    const again = timeRuns(() => run(process.execPath, [CLI, 'generate', file, '-o', dir]));
    const evaluate = timeRuns(() => run('nix-instantiate', [dir, '-A', 'live-image', '--arg', 'pkgsSet', '"host"'], nixEnv('host')));
    for (let i = 1; i < k; i++) rmSync(join(work, `out-${n}-${i}`), { recursive: true, force: true });
    rows.push({ n, fresh, again, evaluate });
    console.log(
      `${String(n).padEnd(6)} ${ms(fresh.wall).padStart(7)} ${ms(fresh.wall - node.wall).padStart(9)} ${us((fresh.wall - node.wall) / n).padStart(9)} |` +
        ` ${ms(fresh.cpu - node.cpu).padStart(15)} ${us((fresh.cpu - node.cpu) / n).padStart(8)} |` +
        ` ${ms(again.wall - node.wall).padStart(21)} |` +
        ` ${ms(evaluate.wall).padStart(8)} ${us(evaluate.wall / n).padStart(7)} | ${ms(evaluate.cpu).padStart(8)} ${us(evaluate.cpu / n).padStart(7)}`,
    );
  }
  // Linear growth keeps the marginal cost per VM flat from 10->100 to 100->1,000 VMs;
  // quadratic growth would multiply it by about 10.
  const [small, mid, big] = rows;
  const marginal = (key) => {
    const a = (mid[key].cpu - small[key].cpu) / (mid.n - small.n);
    const b = (big[key].cpu - mid[key].cpu) / (big.n - mid.n);
    return `${us(a)} then ${us(b)} (x${(b / a).toFixed(2)})`;
  };
  console.log(`\nmarginal cpu per VM, 10->100 then 100->1000: generate ${marginal('fresh')}; nix-instantiate ${marginal('evaluate')}`);
  console.log('\nin-process cpu per stage (median of runs, after one warm-up):');
  console.log('VMs    load+validate+resolve     emit    write   (writeFileSync floor)');
  for (const n of SIZES) {
    const file = join(work, `topology-${n}.nix`);
    await stages(file, join(work, 'stages'));
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await stages(file, join(work, 'stages')));
    const m = (key) => ms(median(runs.map((r) => r[key])));
    console.log(`${String(n).padEnd(6)} ${m('load').padStart(21)} ${m('emit').padStart(8)} ${m('write').padStart(8)} ${`(${m('floor')})`.padStart(22)}`);
  }
  const beyond = { wall: big.fresh.wall - node.wall, cpu: big.fresh.cpu - node.cpu };
  console.log(`target: 1,000 VMs in under 1 s beyond Node's start: ${ms(beyond.wall)} wall, ${ms(beyond.cpu)} cpu`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
