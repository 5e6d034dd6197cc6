// Runs the real nix-build on the tiny fixture derivations (each well under a second).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ToolError, UserError } from '../../../cli/diagnostics.js';
import { NixInterrupted, nixBuild, runNix } from '../../../cli/nix/runner.js';

const file = fileURLToPath(new URL('../../fixtures/nix-logs/derivations.nix', import.meta.url));
const request = (attr: string) => ({ file, attr, args: [], outLink: null, what: attr });

/** Processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) pids.push(Number(pid));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

describe('nix runner', () => {
  it('builds and returns the output path, passing every event on', async () => {
    const actions = new Set<string>();
    const outs = await nixBuild(request('success'), { set: 'host', onEvent: (e) => actions.add(e.action) });
    expect([...actions]).toEqual(expect.arrayContaining(['start', 'stop', 'result']));
    expect(outs).toHaveLength(1);
    expect(outs[0]).toMatch(/^\/nix\/store\/[0-9a-z]{32}-fixture-second$/);
    expect(readFileSync(`${outs[0]}/second`, 'utf8')).toBe('second\n');
  });

  it('throws a ToolError naming the failing derivation with its log tail', async () => {
    const err = await nixBuild(request('dependency-failure'), { set: 'host' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect((err as ToolError).message).toBe('nix could not build dependency-failure: building fixture-broken failed with exit code 3');
    expect((err as ToolError).output.split('\n').at(-1)).toBe('mkfs.erofs: cannot open /nonexistent: No such file or directory');
  });

  it('says how to install nix when it is not on PATH', async () => {
    const err = await runNix('nix-build', ['--version'], { set: 'host', env: { ...process.env, PATH: '/nonexistent' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('nix is not installed: `nix-build` was not found on PATH');
    expect((err as UserError).hint).toMatch(/scripts\/setup\.sh/);
  });

  it('stops nix and its builder when aborted', async () => {
    const abort = new AbortController();
    let sleepersBefore: number[] = [];
    const run = runNix('nix-build', [file, '-A', 'slow', '--no-out-link'], {
      set: 'host',
      signal: abort.signal,
      onEvent: (e) => {
        if (e.action !== 'result' || e.fields[0] !== 'started') return;
        setTimeout(() => {
          sleepersBefore = processesWith('sleep\u00003141');
          abort.abort();
        }, 300);
      },
    });
    await expect(run).rejects.toBeInstanceOf(NixInterrupted);
    expect(sleepersBefore).toHaveLength(1);
    expect(processesWith('sleep\u00003141')).toEqual([]);
    expect(processesWith('fixture-slow')).toEqual([]);
  });

  it('leaves nothing in TMPDIR when aborted while the builder writes into its build directory', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'spectrum-runner-tmp-'));
    const abort = new AbortController();
    const run = runNix('nix-build', [file, '-A', 'busy', '--no-out-link'], {
      set: 'host',
      signal: abort.signal,
      env: { ...process.env, TMPDIR: tmp },
      onEvent: (e) => {
        if (e.action === 'result' && e.fields[0] === 'started') setTimeout(() => abort.abort(), 500);
      },
    });
    await expect(run).rejects.toBeInstanceOf(NixInterrupted);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`spectrum-nix-${process.pid}-`))).toEqual([]);
    rmSync(tmp, { recursive: true });
  });
});
