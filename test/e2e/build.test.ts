// `spectrum build` for real: the default topology's live image with the host package set
// (the main job; later runs of the suite find it in the nix store), then the error paths:
// nix missing, a derivation that fails, and Ctrl-C in the middle of a build.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descendants, processesMentioning, spectrum, stillRunning, workspace } from './cli.js';

const missingProgram = resolve(__dirname, '../fixtures/build/missing-program/topology.nix');

describe('spectrum build', () => {
  it('builds the live image of the bundled default topology and summarizes it', async () => {
    const ws = workspace('build');
    const r = await spectrum(['build', 'live-image', '--pkgs', 'host'], ws);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain('building the bundled default topology');
    const link = join(ws.cwd, 'result');
    const out = readlinkSync(link);
    expect(out).toMatch(/^\/nix\/store\/[0-9a-z]{32}-live-image-default$/);
    const info = JSON.parse(readFileSync(join(link, 'spectrum.json'), 'utf8'));
    expect(statSync(join(link, 'live.img')).size).toBe(info.imageBytes);
    expect(r.stdout).toMatch(/^built live-image in [0-9.]+ s\n/);
    expect(r.stdout).toContain(`  ./result -> ${out}\n`);
    expect(r.stdout).toContain(`  root hash  ${info.rootHash}\n`);
    expect(r.stdout).toMatch(/ {2}image {6}result\/live\.img: [0-9.]+ MiB \(content [0-9.]+ MiB\)\n/);
    expect(r.stdout).toContain(`  nix tree   ${join(ws.cwd, '.cache/spectrum/build/default-')}`);
    // Nothing but the out link (and the cache we pointed there) is left in the directory.
    expect(readdirSync(ws.cwd).sort()).toEqual(['.cache', 'result']);
  });

  it('builds one VM into the out link it is given', async () => {
    const ws = workspace('build-vm');
    const r = await spectrum(['build', 'vm:notes', '--pkgs', 'host', '-o', 'notes-vm'], ws);
    expect(r.exitCode, r.all).toBe(0);
    expect(readlinkSync(join(ws.cwd, 'notes-vm'))).toMatch(/^\/nix\/store\/[0-9a-z]{32}-vm-notes$/);
    expect(r.stdout).toMatch(/^built vm:notes in .*\n {2}\.\/notes-vm -> \/nix\/store\//);
  });

  it('warns that a VM cannot start when the build machine lacks its VMM, and builds it', async () => {
    const ws = workspace('build-no-vmm');
    // cloud-hypervisor: the default VMM, not in Debian 12.
    writeFileSync(join(ws.cwd, 'topology.nix'), '{ name = "x"; vms.app = { }; }\n');
    const r = await spectrum(['build', 'vm:app', '--pkgs', 'host'], ws);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain(
      'spectrum: warning: VM app cannot start on what was built: its VMM, cloud-hypervisor, is not on the build machine, where the host package set takes it from; install it here, give the VM another vmm, or build with --pkgs nixpkgs',
    );
    expect(existsSync(join(ws.cwd, 'result/vmm-missing'))).toBe(true);
    // The host carries every VM's bundle: the same warning.
    const host = await spectrum(['build', 'host', '--pkgs', 'host', '-o', 'host'], ws);
    expect(host.exitCode, host.all).toBe(0);
    expect(host.stderr).toContain('spectrum: warning: VM app cannot start on what was built: its VMM, cloud-hypervisor,');
  });

  it("prints the result as versioned JSON with --json, and an invalid topology's diagnostics", async () => {
    const ws = workspace('build-json');
    const r = await spectrum(['build', 'live-image', '--pkgs', 'host', '--json'], ws);
    expect(r.exitCode, r.all).toBe(0);
    const result = JSON.parse(r.stdout);
    const info = JSON.parse(readFileSync(join(ws.cwd, 'result/spectrum.json'), 'utf8'));
    expect(result).toEqual({
      version: 1, built: true, target: 'live-image', outLinks: ['./result'], outPaths: [readlinkSync(join(ws.cwd, 'result'))],
      image: { name: 'default', rootHash: info.rootHash, imageBytes: info.imageBytes, contentBytes: info.contentBytes },
      nixTree: expect.stringContaining(join(ws.cwd, '.cache/spectrum/build/default-')), seconds: expect.any(Number),
    });
    writeFileSync(join(ws.cwd, 'topology.nix'), '{ name = "x"; vms.a = { vcpus = 0; }; }\n');
    const bad = await spectrum(['build', 'live-image', '--json'], ws, { PATH: '/nonexistent' });
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ version: 1, built: false, diagnostics: [expect.objectContaining({ code: expect.stringMatching(/^SP\d+$/) })] });
  });

  it('rejects an unknown target with a suggestion before running nix', async () => {
    const ws = workspace('build-target');
    const r = await spectrum(['build', 'vm:brwser'], ws, { PATH: '/nonexistent' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('spectrum: the topology has no VM named "brwser"; did you mean "vm:browser"?');
  });

  it('prints the diagnostics of an invalid topology and builds nothing', async () => {
    const ws = workspace('build-invalid');
    writeFileSync(join(ws.cwd, 'topology.nix'), '{ name = "x"; vms.a = { vcpus = 0; }; }\n');
    const r = await spectrum(['build', 'live-image'], ws, { PATH: '/nonexistent' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^topology\.nix:1:33: error\[SP\d+\]: vcpus/m);
    expect(r.stderr).toContain('spectrum: topology.nix is invalid; nothing was built');
    expect(readdirSync(ws.cwd)).toEqual(['topology.nix']);
  });

  it('says how to get nix when it is not installed', async () => {
    const ws = workspace('build-nonix');
    const r = await spectrum(['build', 'live-image', '--pkgs', 'host'], ws, { PATH: '/nonexistent' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('spectrum: nix is not installed: `nix-build` was not found on PATH');
    expect(r.stderr).toContain('hint: run scripts/setup.sh');
    expect(existsSync(join(ws.cwd, 'result'))).toBe(false);
  });

  it('names the failing derivation and shows the end of its log', async () => {
    const ws = workspace('build-fail');
    const r = await spectrum(['build', 'vm:app', missingProgram, '--pkgs', 'host'], ws);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^spectrum: nix could not build vm:app: building vm-app-[a-z-]+ failed with exit code \d+$/m);
    expect(r.stderr).toMatch(/^ {2}\| .*no-such-program-spectrum/m);
    expect(r.stderr).toMatch(/^ {2}hint: full log: nix log \/nix\/store\/.*\.drv$/m);
    expect(r.stderr.split('\n').length, 'a short message, not a wall of text').toBeLessThan(40);
    expect(readdirSync(ws.cwd)).toEqual(['.cache']);
  });

  it('takes nix down with it when killed (SIGKILL), and the next build removes what a killed one left', async () => {
    const ws = workspace('build-kill');
    const token = `kill${randomBytes(4).toString('hex')}`;
    writeFileSync(join(ws.cwd, 'topology.nix'), `{ name = "${token}"; vms.${token} = { packages = [ "less" ]; }; }\n`);
    const build = spectrum(['build', 'live-image', '--pkgs', 'host'], ws);
    let running: string[] = [];
    let seen = false;
    await new Promise<void>((done) => {
      build.stderr.on('data', (chunk: Buffer) => {
        // Once: a later chunk must not schedule a second look, at a spectrum already killed.
        if (seen || !/^building /m.test(chunk.toString())) return;
        seen = true;
        setTimeout(() => {
          running = descendants(build.pid!);
          build.kill('SIGKILL');
          done();
        }, 500);
      });
    });
    await build;
    expect(running.some((p) => / nix-build /.test(p)), running.join('\n')).toBe(true);
    // SIGKILL gives spectrum no chance to stop nix; the kernel tells nix instead.
    for (let i = 0; i < 100 && stillRunning(running).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(stillRunning(running)).toEqual([]);
    // A temporary out link as a killed build could have left (its pid no longer runs).
    symlinkSync('/nix/store/00000000000000000000000000000000-gone', join(ws.cwd, '.result.spectrum-tmp-999999999'));
    const next = await spectrum(['build', 'live-image', '--pkgs', 'host'], ws);
    expect(next.exitCode, next.all).toBe(0);
    expect(next.stderr).toContain(`spectrum: removed ${join(ws.cwd, '.result.spectrum-tmp-999999999')}, left by a build that was killed`);
    expect(readdirSync(ws.cwd).sort()).toEqual(['.cache', 'result', 'topology.nix']);
  });

  it('stops nix on Ctrl-C, leaves no out link and exits 130', async () => {
    const ws = workspace('build-int');
    // Names no earlier run used, so there is always something left to build.
    const token = `int${randomBytes(4).toString('hex')}`;
    writeFileSync(join(ws.cwd, 'topology.nix'), `{ name = "${token}"; vms.${token} = { packages = [ "less" ]; }; }\n`);
    const build = spectrum(['build', 'live-image', '--pkgs', 'host'], ws);
    let sent = false;
    let running: string[] = [];
    build.stderr.on('data', (chunk: Buffer) => {
      if (sent || !/^building /m.test(chunk.toString())) return;
      sent = true;
      setTimeout(() => {
        running = descendants(build.pid!);
        build.kill('SIGINT');
      }, 500);
    });
    const r = await build;
    expect(sent, r.all).toBe(true);
    expect(running.some((p) => / nix-build /.test(p)), running.join('\n')).toBe(true);
    expect(stillRunning(running)).toEqual([]);
    expect(r.exitCode, r.all).toBe(130);
    expect(r.stderr).toContain('spectrum: interrupted; nix was stopped and no out link was made');
    expect(readdirSync(ws.cwd).sort()).toEqual(['.cache', 'topology.nix']);
    expect(processesMentioning(token)).toEqual([]);
    expect(processesMentioning(ws.cwd)).toEqual([]);
    expect(lstatSync(ws.cwd).isDirectory()).toBe(true);
  });
});
