// The three commands of the fault campaign (fault-campaign.js): how each is run, what its
// output is, and what may become of that output when the command is stopped part way.
// Each alternates between two topologies or images, so every run changes the output.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignWorkspace, FINISHED, runSpectrum } from './fault-campaign.js';

const EXAMPLES = resolve(fileURLToPath(import.meta.url), '../../../../examples');

/** Runs the variants in turn to the end, each once or more; how long each run took. */
async function produce(ws, order, argsOf, observe, good) {
  const times = [];
  for (const v of order) {
    const r = await runSpectrum(ws, argsOf(v));
    if (r.code !== 0) throw new Error(`spectrum ${argsOf(v).join(' ')} failed (${r.signal ?? r.code}):\n${r.stderr}`);
    times.push(r.ms);
    good[v] = observe();
  }
  return times;
}

const other = (v) => (v === 'a' ? 'b' : 'a');

/** `spectrum generate`: the bundled minimal and default examples in turn, into one directory. */
export function generateSubject(ws) {
  const out = join(ws.cwd, 'out');
  copyFileSync(join(EXAMPLES, 'minimal/topology.nix'), join(ws.cwd, 'a.nix'));
  copyFileSync(join(EXAMPLES, 'default/topology.nix'), join(ws.cwd, 'b.nix'));
  const args = (v) => ['generate', `${v}.nix`, '-o', 'out'];
  const good = {};
  return {
    name: 'generate',
    dirs: [ws.cwd],
    observe: () => treeDigest(out),
    async prepare() {
      const times = await produce(ws, ['b', 'a', 'b', 'a'], args, () => treeDigest(out), good);
      return { times, variants: ['a', 'b'] };
    },
    point: (_random, current) => ({ args: args(other(current)), variant: other(current), expected: good[other(current)] }),
    async recover(variant) {
      // The same relative names in the copy, so the headers (which name them) are the same.
      const copy = mkdtempSync(join(tmpdir(), 'spectrum-faults-recover-'));
      try {
        for (const name of ['a.nix', 'b.nix', 'out']) cpSync(join(ws.cwd, name), join(copy, name), { recursive: true });
        const r = await runSpectrum(campaignWorkspace(copy), args(variant));
        return r.code === 0 ? treeDigest(join(copy, 'out')) : `a failed run (${r.signal ?? r.code}): ${r.stderr}`;
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
  };
}

/** Every file under `dir` with its mode and bytes, as one digest (spectrum's temporary names are leftovers, not output). */
export function treeDigest(dir) {
  if (!existsSync(dir)) return 'absent';
  const lines = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      if (/spectrum-tmp/.test(name)) continue;
      const path = join(rel, name);
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) walk(path);
      else lines.push(`${path} ${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')}`);
    }
  };
  walk('');
  return `${lines.length} files, sha256 ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
}

/** `spectrum build live-image` with the host set: two one-VM topologies, built once and then cached. */
export function buildSubject(ws) {
  copyFileSync(join(EXAMPLES, 'minimal/topology.nix'), join(ws.cwd, 'a.nix'));
  writeFileSync(join(ws.cwd, 'b.nix'), '{ name = "fault-campaign"; vmm = "qemu"; vms.work = { description = "the fault campaign\'s second topology"; }; }\n');
  const args = (file) => ['build', 'live-image', file, '--pkgs', 'host'];
  const good = {};
  return {
    name: 'build',
    dirs: [ws.cwd],
    observe: () => outLink(join(ws.cwd, 'result')),
    async prepare() {
      const times = await produce(ws, ['b', 'a', 'b', 'a'], (v) => args(`${v}.nix`), () => outLink(join(ws.cwd, 'result')), good);
      return { times, variants: ['a', 'b'] };
    },
    point: (_random, current) => ({ args: args(`${other(current)}.nix`), variant: other(current), expected: good[other(current)] }),
    /**
     * A few points during real derivation builds: topologies no run built before (a fresh name
     * makes every derivation new), stopped somewhere in the middle of the time a whole build of
     * one took, alternately by SIGKILL and SIGINT.
     */
    async extraPoints({ random, attempt, log }, count) {
      const fresh = () => {
        const name = `fault${randomBytes(4).toString('hex')}`;
        writeFileSync(join(ws.cwd, `${name}.nix`), `{ name = "${name}"; vmm = "qemu"; vms.${name} = { }; }\n`);
        return `${name}.nix`;
      };
      const first = await runSpectrum(ws, args(fresh()));
      if (first.code !== 0) throw new Error(`an uncached build failed:\n${first.stderr}`);
      log(`build: an uncached build takes ${first.ms} ms; ${count} faults during derivation builds, at 10–90% of it`);
      for (let i = 0; i < count; i++) {
        const file = fresh();
        await attempt(`uncached point ${i}`, { args: args(file), variant: file }, i % 2 === 0 ? 'SIGKILL' : 'SIGINT', first.ms * (0.1 + 0.8 * random()), 30_000);
      }
    },
  };
}

/** Where `link` points, and whether that is a whole live image (its size as its spectrum.json says). */
export function outLink(link) {
  let target;
  try {
    target = readlinkSync(link);
  } catch {
    return 'no out link';
  }
  try {
    const info = JSON.parse(readFileSync(join(link, 'spectrum.json'), 'utf8'));
    return statSync(join(link, 'live.img')).size === info.imageBytes ? target : `${target} (not a whole image)`;
  } catch (err) {
    return `${target} (${err.message})`;
  }
}

/**
 * `spectrum flash --to-file`: two images in turn into one file, which each point either keeps
 * (an existing file: written in place, as a stick is) or removes first (a new file). The
 * images are GPT disks with a live image's partitions and random contents, 64 MiB so that
 * writing and reading back take about half of a run (a real live image, 138 MiB, makes the
 * campaign half a minute longer and tests the same). The contract (docs/flash.md): an existing
 * file is never truncated or removed, and a stopped write says so and how far it got; a
 * file the flash creates appears whole or not at all.
 */
export function flashSubject(ws) {
  // Memory, not disk, where there is a tmpfs for it: every point writes a whole image.
  const targets = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'spectrum-faults-flash-'));
  const target = join(targets, 'copy.img');
  const images = { a: liveLikeImage(join(targets, 'a.img')), b: liveLikeImage(join(targets, 'b.img')) };
  const args = (v) => ['flash', '--to-file', '--yes', join(targets, `${v}.img`), target];
  const observe = () => {
    if (!existsSync(target)) return 'absent';
    const bytes = readFileSync(target);
    const which = Object.keys(images).find((v) => images[v].equals(bytes));
    return `${bytes.length} bytes, ${which ? `image ${which}` : 'partly written'}`;
  };
  const good = {};
  return {
    name: 'flash --to-file',
    dirs: [ws.cwd, targets],
    observe,
    cleanup: () => rmSync(targets, { recursive: true, force: true }),
    async prepare() {
      const times = await produce(ws, ['b', 'a', 'b', 'a'], args, observe, good);
      return { times, variants: ['a', 'b'] };
    },
    point(random, current) {
      if (random() < 0.5) rmSync(target, { force: true });
      return { args: args(other(current)), variant: other(current), expected: good[other(current)] };
    },
    judge(before, afterFault, afterNext, fault) {
      if (before === 'absent') {
        if (afterFault !== 'absent' && afterFault !== afterNext) return `a file the flash created is left incomplete: ${afterFault}`;
        if (fault.code === 130 && !FINISHED.test(fault.stderr) && afterFault !== 'absent') return `the flash said it stopped (130) but left the file it created: ${afterFault}`;
        return null;
      }
      const size = (s) => s.split(' ')[0];
      return afterFault === 'absent' || size(afterFault) !== size(before) ? `an existing file lost its size: before ${before}, after ${afterFault}` : null;
    },
  };
}

/** A GPT disk with an ESP and a live image's root and verity partitions (flash accepts nothing else), random inside. */
function liveLikeImage(path) {
  const bytes = randomBytes(64 << 20);
  writeFileSync(path, bytes);
  execFileSync('sfdisk', ['-q', path], { input: 'label: gpt\n,4M,U\n,40M,4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709\n,,2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5\n' });
  return readFileSync(path);
}
