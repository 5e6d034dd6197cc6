import { describe, expect, it } from 'vitest';
import { qemuArgv } from '../../../cli/run/qemu-args.js';

const direct = { kind: 'direct', kernel: '/r/boot/kernel', initrd: '/r/boot/initrd', cmdline: 'console=ttyS0 roothash=ab' } as const;
const uefi = { kind: 'uefi', code: '/fw/CODE.fd', vars: '/tmp/x/VARS.fd' } as const;

describe('qemuArgv', () => {
  it('boots the kernel directly under TCG with the disk read-only', () => {
    expect(qemuArgv({ accel: 'tcg', memoryMiB: 1024, disk: '/r/live.img', boot: direct })).toEqual([
      '-accel', 'tcg',
      '-kernel', '/r/boot/kernel', '-initrd', '/r/boot/initrd', '-append', 'console=ttyS0 roothash=ab',
      '-m', '1024',
      '-drive', 'file=/r/live.img,format=raw,if=virtio,readonly=on',
      '-nographic', '-no-reboot', '-nic', 'none',
    ]);
  });

  it('boots through OVMF on q35 with read-only code and writable vars', () => {
    const argv = qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/r/live.img', boot: uefi });
    expect(argv.slice(0, 8)).toEqual([
      '-accel', 'tcg',
      '-machine', 'q35',
      '-drive', 'if=pflash,format=raw,unit=0,readonly=on,file=/fw/CODE.fd',
      '-drive', 'if=pflash,format=raw,unit=1,file=/tmp/x/VARS.fd',
    ]);
    expect(argv).not.toContain('-kernel');
    expect(argv).toContain('file=/r/live.img,format=raw,if=virtio,readonly=on');
  });

  it('passes the host CPU through under KVM only', () => {
    expect(qemuArgv({ accel: 'kvm', memoryMiB: 512, disk: '/d', boot: direct }).slice(0, 4)).toEqual(['-accel', 'kvm', '-cpu', 'host']);
    expect(qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/d', boot: direct })).not.toContain('-cpu');
  });

  it('doubles commas in paths inside -drive option lists', () => {
    const argv = qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/a,b/live.img', boot: { ...uefi, vars: '/t,1/V.fd' } });
    expect(argv).toContain('file=/a,,b/live.img,format=raw,if=virtio,readonly=on');
    expect(argv).toContain('if=pflash,format=raw,unit=1,file=/t,,1/V.fd');
  });
});
