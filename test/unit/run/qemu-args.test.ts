import { describe, expect, it } from 'vitest';
import { qemuArgv } from '../../../cli/run/qemu-args.js';

const direct = { kind: 'direct', kernel: '/r/boot/kernel', initrd: '/r/boot/initrd', cmdline: 'console=ttyS0 roothash=ab' } as const;
const uefi = { kind: 'uefi', code: '/fw/CODE.fd', vars: '/tmp/x/VARS.fd' } as const;

describe('qemuArgv', () => {
  it('boots the kernel directly under TCG with the disk read-only', () => {
    expect(qemuArgv({ accel: 'tcg', memoryMiB: 1024, disk: '/r/live.img', boot: direct, emulate: false })).toEqual([
      '-accel', 'tcg',
      '-cpu', 'max',
      '-kernel', '/r/boot/kernel', '-initrd', '/r/boot/initrd', '-append', 'console=ttyS0 roothash=ab',
      '-m', '1024',
      '-drive', 'file=/r/live.img,format=raw,if=virtio,readonly=on',
      '-nographic', '-no-reboot', '-nic', 'none',
      '-device', 'virtio-balloon-pci,guest-stats-polling-interval=1',
    ]);
  });

  it('gives the host a once-a-second interrupt (the balloon statistics request) under TCG only', () => {
    const balloon = 'virtio-balloon-pci,guest-stats-polling-interval=1';
    expect(qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/d', boot: uefi, emulate: false })).toContain(balloon);
    expect(qemuArgv({ accel: 'kvm', memoryMiB: 512, disk: '/d', boot: direct, emulate: false })).not.toContain(balloon);
  });

  it('boots through OVMF on q35 with read-only code and writable vars', () => {
    const argv = qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/r/live.img', boot: uefi, emulate: true });
    expect(argv.slice(0, 10)).toEqual([
      '-accel', 'tcg',
      '-cpu', 'max',
      '-machine', 'q35',
      '-drive', 'if=pflash,format=raw,unit=0,readonly=on,file=/fw/CODE.fd',
      '-drive', 'if=pflash,format=raw,unit=1,file=/tmp/x/VARS.fd',
    ]);
    expect(argv).not.toContain('-kernel');
    // The UKI carries its own command line: there is nowhere to say spectrum.emulate=1.
    expect(argv.join(' ')).not.toContain('spectrum.emulate');
    expect(argv).toContain('file=/r/live.img,format=raw,if=virtio,readonly=on');
  });

  it('passes the host CPU through under KVM, and under TCG offers SVM (max) for nested VMs', () => {
    expect(qemuArgv({ accel: 'kvm', memoryMiB: 512, disk: '/d', boot: direct, emulate: false }).slice(0, 4)).toEqual(['-accel', 'kvm', '-cpu', 'host']);
    expect(qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/d', boot: direct, emulate: false }).slice(0, 4)).toEqual(['-accel', 'tcg', '-cpu', 'max']);
  });

  it('tells a directly booted host to emulate passed-through devices unless told not to', () => {
    const append = (emulate: boolean) => {
      const argv = qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/d', boot: direct, emulate });
      return argv[argv.indexOf('-append') + 1];
    };
    expect(append(true)).toBe('console=ttyS0 roothash=ab spectrum.emulate=1');
    expect(append(false)).toBe('console=ttyS0 roothash=ab');
  });

  it('doubles commas in paths inside -drive option lists', () => {
    const argv = qemuArgv({ accel: 'tcg', memoryMiB: 512, disk: '/a,b/live.img', boot: { ...uefi, vars: '/t,1/V.fd' }, emulate: false });
    expect(argv).toContain('file=/a,,b/live.img,format=raw,if=virtio,readonly=on');
    expect(argv).toContain('if=pflash,format=raw,unit=1,file=/t,,1/V.fd');
  });
});
