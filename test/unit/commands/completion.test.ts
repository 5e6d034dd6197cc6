// Shell completion in the real shells: each script is loaded into bash, zsh and fish, which
// ask the built CLI (`spectrum __complete`) from a directory holding one topology.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../check/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'spectrum-completion-'));
mkdirSync(join(work, 'bin'));
writeFileSync(join(work, 'bin/spectrum'), `#!/bin/sh\nexec ${process.execPath} ${join(REPO, 'bin/spectrum.js')} "$@"\n`);
chmodSync(join(work, 'bin/spectrum'), 0o755);
const here = join(work, 'machine');
mkdirSync(join(here, 'configs'), { recursive: true });
copyFileSync(join(REPO, 'examples/laptop/topology.nix'), join(here, 'topology.nix'));
writeFileSync(join(here, 'notes.txt'), '');
const env = { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}` };

const shell = (program: string, script: string): string[] =>
  execFileSync(program, ['-c', script], { cwd: here, env, encoding: 'utf8' }).split('\n').filter(Boolean);

/** COMPREPLY for the words after `spectrum`, the last one being typed. */
const bash = (...words: string[]) =>
  shell('bash', `source <(spectrum completion bash); COMP_WORDS=(spectrum ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _spectrum; printf '%s\\n' "\${COMPREPLY[@]}"`);
/** What the zsh function hands compadd (stubbed: outside a completion widget it cannot run). */
const zsh = (...words: string[]) =>
  shell('zsh', `compdef() { :; }; compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break; }; shift; [[ $1 == '' ]] && shift; done; print -l -- "$@"; }; source <(spectrum completion zsh); words=(spectrum ${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length + 1}; _spectrum`);
const fish = (line: string) => shell('fish', `spectrum completion fish | source; complete -C '${line}'`).map((l) => l.split('\t')[0]!);

const targets = ['live-image', 'host', 'kernel', 'initramfs', 'rootfs', 'vm:browser', 'vm:mail', 'vm:sys-gpu', 'vm:sys-net', 'vm:sys-usb', 'vm:vault', 'vm:work'];

describe('spectrum completion', () => {
  it('completes commands, build targets with the VMs of the topology here, flags, values and files in bash', () => {
    expect(bash('b')).toEqual(['build']);
    expect(bash('build', '')).toEqual(targets);
    expect(bash('build', 'vm:s')).toEqual(['vm:sys-gpu', 'vm:sys-net', 'vm:sys-usb']);
    expect(bash('build', 'live-image', '--p')).toEqual(['--pkgs']);
    expect(bash('build', '--pkgs', '')).toEqual(['host', 'nixpkgs']);
    expect(bash('init', '--example', '')).toEqual(['default', 'laptop', 'minimal', 'two-networks']);
    // Topology files and directories only, not other files.
    expect(bash('check', '')).toEqual(['configs/', 'topology.nix']);
    expect(bash('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(bash('')).toContain('plan');
    expect(bash('hw', '')).toEqual(['scan']);
    expect(bash('hw', 'scan', '--')).toEqual(['--out', '--sysfs', '--help']);
    expect(bash('check', '--hardware', 'c')).toEqual(['configs/']);
    expect(bash('')).not.toContain('__complete');
  });

  it('gives zsh the same answers', () => {
    expect(zsh('build', 'vm:s')).toEqual(['vm:sys-gpu', 'vm:sys-net', 'vm:sys-usb']);
    expect(zsh('check', '')).toEqual(['configs/', 'topology.nix']);
    expect(zsh('graph', '-')).toEqual(['--out', '--help']);
  });

  it('gives fish the same answers', () => {
    expect(fish('spectrum build vm:s')).toEqual(['vm:sys-gpu', 'vm:sys-net', 'vm:sys-usb']);
    // fish sorts what it is given.
    expect(fish('spectrum run --')).toEqual(['--expect', '--help', '--json', '--memory', '--no-emulate', '--timeout', '--uefi', '--verbose']);
    expect(fish('spectrum pl')).toEqual(['plan']);
  });

  it('refuses a shell it has no script for', () => {
    expect(() => execFileSync(join(work, 'bin/spectrum'), ['completion', 'tcsh'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/no completion for shell "?tcsh"?/);
  });
});
