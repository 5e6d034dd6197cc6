// The host's serial console under `spectrum run`, driven as a person would: wait for lines,
// type a command into the shell the host offers once its VMs have settled, read its output.
// Shared by the benchmarks that boot a live image (runtime.js, usb.js, net.js).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(resolve(fileURLToPath(import.meta.url), '../..'), 'bin/spectrum.js');

export class Console {
  constructor(cwd) {
    this.text = '';
    this.n = 0;
    this.child = spawn(process.execPath, [CLI, 'run'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const take = (b) => (this.text += b.toString('latin1').replaceAll('\r', ''));
    this.child.stdout.on('data', take);
    this.child.stderr.on('data', take);
  }
  async waitFor(re, from = 0, timeoutMs = 1_800_000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.text.slice(from));
      if (m) return m;
      if (Date.now() > end || this.child.exitCode !== null) throw new Error(`no ${re} on the console; it ended:\n${this.text.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  async sh(command) {
    const n = ++this.n;
    const from = this.text.length;
    this.child.stdin.write(`echo "@@"start-${n}; ${command}; echo "@@"end-${n}\n`);
    const started = await this.waitFor(new RegExp(`^@@start-${n}\\n`, 'm'), from);
    const start = from + started.index + started[0].length;
    const end = await this.waitFor(new RegExp(`^@@end-${n}$`, 'm'), start);
    return this.text.slice(start, start + end.index);
  }
}

/** Types poweroff and waits for QEMU to end (killing it after two minutes). */
export async function powerOff(host) {
  host.child.stdin.write('poweroff\n');
  await new Promise((r) => {
    const t = setTimeout(() => host.child.kill('SIGKILL'), 120_000);
    host.child.on('close', () => (clearTimeout(t), r()));
  });
}

/** Builds the live image of a topology (Nix text) with the host set and boots it; its console. */
export function bootTopology(name, topologyNix) {
  const work = mkdtempSync(join(tmpdir(), `spectrum-bench-${name}-`));
  writeFileSync(join(work, 'topology.nix'), topologyNix);
  const b = spawnSync(process.execPath, [CLI, 'build', 'live-image', join(work, 'topology.nix'), '--pkgs', 'host'], { cwd: work, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build failed:\n${b.stderr}`);
  console.log(`load average at start: ${loadAverage()}`);
  return new Console(work);
}

export const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' ');
