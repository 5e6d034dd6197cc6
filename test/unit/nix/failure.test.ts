import { describe, expect, it } from 'vitest';
import { failedDerivation, summarizeFailure } from '../../../cli/nix/failure.js';
import { BuildState } from '../../../cli/nix/log-state.js';
import { replay } from './replay.js';

const ctx = { what: 'live-image', program: 'nix-build', exitCode: 1 };

describe('summarizeFailure', () => {
  it('names the failing derivation and shows the tail of its log', () => {
    const state = replay('builder-failure');
    const f = summarizeFailure(state, { ...ctx, exitCode: 100 });
    expect(f.message).toBe('nix could not build live-image: building fixture-broken failed with exit code 3');
    const lines = f.output.split('\n');
    expect(lines).toHaveLength(26);
    expect(lines[0]).toBe('... (earlier lines not shown)');
    expect(lines[1]).toBe('step 17 of 40');
    expect(lines.at(-1)).toBe('mkfs.erofs: cannot open /nonexistent: No such file or directory');
    expect(f.hint).toMatch(/^full log: nix log \/nix\/store\/[0-9a-z]{32}-fixture-broken\.drv$/);
  });

  it('blames the dependency that failed, not the derivation that needed it', () => {
    const state = replay('dependency-failure');
    expect(failedDerivation(state)).toMatch(/-fixture-broken\.drv$/);
    const f = summarizeFailure(state, ctx);
    expect(f.message).toBe('nix could not build live-image: building fixture-broken failed with exit code 3');
    expect(f.output).not.toContain('needs-broken');
  });

  it('names the real error, not a warning Nix printed at error level before it', () => {
    const state = new BuildState();
    state.apply({ action: 'msg', level: 0, file: null, line: null, text: "warning: the group 'nixbld' specified in 'build-users-group' does not exist" });
    state.apply({ action: 'msg', level: 0, file: null, line: null, text: "error: unable to download 'https://github.com/NixOS/nixpkgs/archive/x.tar.gz': Couldn't resolve host name (6)" });
    expect(summarizeFailure(state, ctx).message).toBe(
      "nix could not build live-image: unable to download 'https://github.com/NixOS/nixpkgs/archive/x.tar.gz': Couldn't resolve host name (6)",
    );
  });

  it('uses a log fetched separately when nix streamed none', () => {
    const state = new BuildState();
    state.apply({ action: 'msg', level: 0, file: null, line: null, text: "error: builder for '/nix/store/00000000000000000000000000000000-x.drv' failed due to signal 9 (Killed)" });
    const f = summarizeFailure(state, { ...ctx, fetchedLog: ['out of memory'] });
    expect(f.message).toBe('nix could not build live-image: building x failed due to signal 9 (Killed)');
    expect(f.output).toBe('out of memory');
  });

  it('shows an evaluation error with its source excerpt and without the --show-trace note', () => {
    const f = summarizeFailure(replay('eval-error'), ctx);
    expect(f.message).toBe('nix could not evaluate live-image: cannot add a string to an integer');
    expect(f.output).toMatch(/^at .*derivations\.nix:35:29:$/m);
    expect(f.output).toContain('eval-error = { port = 1 + "x"; }.port;');
    expect(f.output).not.toContain('show-trace');
  });

  it('passes a throw through as the message', () => {
    const f = summarizeFailure(replay('throw-error'), ctx);
    expect(f.message).toBe("nix could not build live-image: program 'firefoxx' not found on the build machine");
    expect(f.output).toBe('');
  });

  it('reports a missing attribute as a bug in spectrum', () => {
    const f = summarizeFailure(replay('missing-attribute'), ctx);
    expect(f.message).toBe("nix could not build live-image: the generated Nix tree has no attribute 'no-such-target'");
    expect(f.hint).toMatch(/bug in spectrum/);
  });

  it('falls back to the exit status and nix\'s plain lines', () => {
    const state = new BuildState();
    state.apply({ action: 'text', text: 'Killed' });
    const f = summarizeFailure(state, { ...ctx, exitCode: 137 });
    expect(f.message).toBe('nix-build failed on live-image (exit status 137) without an error message');
    expect(f.output).toBe('Killed');
  });
});
