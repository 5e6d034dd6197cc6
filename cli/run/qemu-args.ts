// The QEMU command line for booting a live image: pure, so every variant is unit-tested.
import type { Accel } from './accel.js';

export type Boot =
  /** The kernel, initramfs and command line given to QEMU directly (fast, what tests use). */
  | { kind: 'direct'; kernel: string; initrd: string; cmdline: string }
  /** OVMF firmware -> systemd-boot on the image's ESP -> the UKI, as a real machine boots. */
  | { kind: 'uefi'; code: string; vars: string };

export interface QemuConfig {
  accel: Accel;
  memoryMiB: number;
  /**
   * Direct boot only: tell the host that passed-through hardware is not there, so it gives
   * each VM emulated stand-ins (spectrum.emulate=1, read by images/host-init).
   */
  emulate: boolean;
  /** The live image, attached read-only: nothing may change a verified image. */
  disk: string;
  boot: Boot;
}

export function qemuArgv(c: QemuConfig): string[] {
  const argv = ['-accel', c.accel];
  // The host runs VMs of its own: under TCG, `max` offers AMD SVM, so they get nested KVM.
  argv.push('-cpu', c.accel === 'kvm' ? 'host' : 'max');
  if (c.boot.kind === 'uefi') {
    argv.push(
      '-machine', 'q35',
      '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${driveValue(c.boot.code)}`,
      '-drive', `if=pflash,format=raw,unit=1,file=${driveValue(c.boot.vars)}`,
    );
  } else {
    const cmdline = c.emulate ? `${c.boot.cmdline} spectrum.emulate=1` : c.boot.cmdline;
    argv.push('-kernel', c.boot.kernel, '-initrd', c.boot.initrd, '-append', cmdline);
  }
  argv.push(
    '-m', String(c.memoryMiB),
    '-drive', `file=${driveValue(c.disk)},format=raw,if=virtio,readonly=on`,
    // Serial console (and QEMU's monitor, Ctrl-A c) on stdio; no display window.
    '-nographic',
    // A guest reboot or panic ends the run instead of booting again.
    '-no-reboot',
    // No network card: nothing to configure, and the firmware does not try to boot from it.
    '-nic', 'none',
  );
  // Under TCG the emulated host's kernel sometimes idles without its next timer armed after
  // running nested VMs, and a VM booting inside then waits with it, for minutes, until any
  // interrupt arrives (docs/runtime.md). The balloon's statistics request, sent by QEMU
  // every second, is such an interrupt; the balloon itself is never inflated.
  if (c.accel === 'tcg') argv.push('-device', 'virtio-balloon-pci,guest-stats-polling-interval=1');
  return argv;
}

/** A path inside a `-drive` option list, where a comma must be doubled. */
const driveValue = (path: string): string => path.replaceAll(',', ',,');
