// `spectrum run` for real: boots the default topology's live image (built by `spectrum build`
// with the host set; a no-op when the build tests built it already) under TCG to the host-up
// line, starts it through OVMF, and checks how runs end when the expected line never comes.
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spectrum, workspace } from './cli.js';

const HOST_UP = 'spectrum: host up \\(root verified\\)';
const ws = workspace('run');

beforeAll(async () => {
  const r = await spectrum(['build', 'live-image', '--pkgs', 'host'], ws);
  expect(r.exitCode, r.all).toBe(0);
});

describe('spectrum run', () => {
  it('boots the kernel directly and runs every VM of the default topology until each is ready', async () => {
    // The README's first command, as written there.
    const r = await spectrum(['run', '--expect', 'all 3 VMs ready', '--timeout', '900', '--verbose'], ws);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toMatch(/^\$ qemu-system-x86_64 -accel tcg -cpu max -kernel result\/boot\/kernel .* -drive file=result\/live\.img,format=raw,if=virtio,readonly=on /m);
    // The console came through to stdout as the guest printed it.
    expect(r.stdout).toContain('Run /init as init process');
    expect(r.stdout).toContain('spectrum: host up (root verified)');
    for (const vm of ['sys-net', 'browser', 'notes']) expect(r.stdout).toMatch(new RegExp(`^spectrum: vm ${vm} ready \\([0-9.]+ s\\)\r?$`, 'm'));
    expect(r.stderr).toMatch(/^spectrum: the console printed \/.*\/ after [0-9.]+ s \(tcg\)$/m);
  });

  it('starts OVMF with the image as its boot disk with --uefi', async () => {
    // OVMF picking the image's disk is spectrum's part; systemd-boot and the UKI taking it to
    // the host-up line are the image's, booted through UEFI by test/e2e/image.test.ts.
    const loading = 'BdsDxe: (loading|starting) Boot[0-9A-F]+ "UEFI Misc Device"';
    const r = await spectrum(['run', 'result/live.img', '--uefi', '--expect', loading, '--timeout', '120', '--verbose'], ws);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toMatch(/^\$ qemu-system-x86_64 -accel tcg -cpu max -machine q35 -drive if=pflash,format=raw,unit=0,readonly=on,file=\/usr\/share\/OVMF\/OVMF_CODE_4M\.fd -drive if=pflash,format=raw,unit=1,file=\/tmp\/spectrum-run-[\w-]+\/OVMF_VARS\.fd /m);
    expect(r.stdout).toMatch(/BdsDxe: loading Boot[0-9A-F]+ "UEFI Misc Device" from PciRoot\(0x0\)\/Pci\(0x\d+,0x0\)/);
  });

  it('ends at the initramfs failure line instead of waiting for the timeout', async () => {
    // The real image, kernel and initramfs, with the root hash left off the command line.
    // No --expect: the guest halts after the line, and the run must still end there.
    const result = join(ws.cwd, 'result');
    const bad = join(ws.cwd, 'no-roothash');
    mkdirSync(join(bad, 'boot'), { recursive: true });
    for (const f of ['live.img', 'boot/kernel', 'boot/initrd']) symlinkSync(realpathSync(join(result, f)), join(bad, f));
    const cmdline = readFileSync(join(result, 'boot/cmdline'), 'utf8').replace(/roothash=\S+\s*/, '');
    writeFileSync(join(bad, 'boot/cmdline'), cmdline);
    const started = Date.now();
    const r = await spectrum(['run', 'no-roothash', '--timeout', '120'], ws);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^spectrum: the image did not boot \(after [0-9.]+ s\): spectrum: boot failed: .*roothash/m);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('exits 1 with a clear message when the line does not come in time (and removes what killed runs left)', async () => {
    // The scratch directory of a run that was killed (its pid runs no more).
    const left = join(tmpdir(), 'spectrum-run-999999999-abcdef');
    mkdirSync(left, { recursive: true });
    const r = await spectrum(['run', '--expect', 'never printed by anyone', '--timeout', '3'], ws);
    expect(existsSync(left)).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('spectrum: the console did not print /never printed by anyone/ within 3 s');
  });

  it('with --json, prints how the run ended on stdout and the console on stderr', async () => {
    const r = await spectrum(['run', '--json', '--expect', 'never printed by anyone', '--timeout', '3'], ws);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      version: 1, disk: 'result/live.img', boot: 'direct', accel: 'tcg', memoryMiB: expect.any(Number),
      expect: 'never printed by anyone', ending: 'timeout', seconds: expect.any(Number),
    });
    expect(r.stderr).toContain('SeaBIOS');
  });

  it('refuses a file that is not a spectrum live image at once, instead of leaving it in the firmware', async () => {
    writeFileSync(join(ws.cwd, 'other.img'), Buffer.alloc(2 * 2 ** 20, 0x55));
    const started = Date.now();
    const r = await spectrum(['run', '--uefi', 'other.img'], ws);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('other.img is not a spectrum live image: it has no GPT');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says how to get QEMU when it is not installed', async () => {
    const r = await spectrum(['run', '--expect', 'x'], ws, { PATH: '/nonexistent' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('spectrum: qemu-system-x86_64 is not installed');
    expect(r.stderr).toContain('hint: run scripts/setup.sh');
  });
});
