// `spectrum plan` for real: the earlier version from git (or a file), the derivations of both
// generated trees from nix-instantiate, and the exit codes scripts rely on.
import { execaSync } from 'execa';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spectrum, workspace } from './cli.js';

const EXAMPLE = resolve(__dirname, '../../examples/default/topology.nix');
const ws = workspace('plan');
const git = (...args: string[]) => execaSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: ws.cwd });
const topology = join(ws.cwd, 'topology.nix');
const edit = (from: string, to: string) => writeFileSync(topology, readFileSync(topology, 'utf8').replace(from, to));

describe('spectrum plan', () => {
  it('says nothing changes against the committed version, and exits 0', async () => {
    copyFileSync(EXAMPLE, topology);
    git('init', '-q');
    git('add', 'topology.nix');
    git('commit', '-qm', 'topology');
    const r = await spectrum(['plan', '--pkgs', 'host'], ws);
    expect([r.exitCode, r.stdout]).toEqual([0, 'spectrum plan: topology.nix against HEAD:topology.nix\nno changes.']);
  });

  it('shows a changed VM and exactly the outputs its derivations move, and exits 3', async () => {
    edit('memory = "2G"', 'memory = "3G"');
    const r = await spectrum(['plan', '--pkgs', 'host'], ws);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stdout).toBe(
      [
        'spectrum plan: topology.nix against HEAD:topology.nix',
        'VMs:',
        '  ~ browser: memory 2048 → 3072',
        'build outputs:',
        '  rebuilt: live-image, host, rootfs, vm:browser',
        '  unchanged: kernel, initramfs, vm:notes, vm:sys-net',
        'the live image changes.',
      ].join('\n'),
    );
  });

  it('compares with a revision or a file, and prints versioned JSON', async () => {
    git('commit', '-qam', 'more memory');
    edit('    notes = {', '    mail = { net = "sys-net"; };\n    notes = {');
    const r = await spectrum(['plan', '--pkgs', 'host', '--against', 'HEAD~1', '--json'], ws);
    expect(r.exitCode, r.stderr).toBe(3);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ version: 1, against: 'HEAD~1:topology.nix', hasChanges: true, vms: { added: ['mail'], removed: [] } });
    expect(plan.vms.changed).toEqual([{ name: 'browser', changes: [{ field: 'memory', before: 2048, after: 3072 }] }]);
    expect(plan.derived).toContainEqual(expect.objectContaining({ name: 'sys-net', changes: expect.arrayContaining([{ field: 'routesFor', before: ['browser'], after: ['browser', 'mail'] }]) }));
    const outputs = Object.fromEntries(plan.outputs.map((o: { target: string; change: string }) => [o.target, o.change]));
    expect(outputs).toMatchObject({ 'vm:mail': 'added', 'vm:sys-net': 'rebuilt', 'vm:notes': 'unchanged', kernel: 'unchanged' });
    // The same change against a file.
    writeFileSync(join(ws.cwd, 'old.nix'), execaSync('git', ['show', 'HEAD:topology.nix'], { cwd: ws.cwd }).stdout);
    const f = await spectrum(['plan', '--pkgs', 'host', '--against', 'old.nix'], ws);
    expect(f.exitCode).toBe(3);
    expect(f.stdout).toContain('\n  + mail\n');
  });

  it('exits 1 on an invalid version and on a revision without the file, saying which', async () => {
    edit('role = "net"', 'role = "router"');
    const bad = await spectrum(['plan', '--pkgs', 'host'], ws);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('spectrum: topology.nix is invalid; nothing was planned');
    const missing = await spectrum(['plan', '--pkgs', 'host', '--against', 'no-such-rev'], ws);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('there is no no-such-rev:topology.nix to compare with');
  });
});
