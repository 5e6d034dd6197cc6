// KVM or TCG. /dev/kvm existing is not enough: on some machines (nested, or this project's
// CI) KVM accepts a guest and then hangs it when the guest leaves real mode. So KVM is used
// only when a tiny guest that does exactly that finishes under KVM within a deadline.
import { execa } from 'execa';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Accel = 'kvm' | 'tcg';

/** Far beyond what the probe needs under a working KVM (about 0.1 s), short enough to wait. */
const PROBE_DEADLINE_MS = 2_000;

/** The probe's "it worked" status: isa-debug-exit exits with (value << 1) | 1, value = 1. */
const PROBE_PASSED = 3;

/**
 * A 64 KiB BIOS image. At the reset vector (offset 0xfff0) it jumps to offset 0, which loads
 * a flat GDT, sets CR0.PE, far-jumps into 32-bit protected mode and writes 1 to the
 * isa-debug-exit port 0xf4. The GDT and its descriptor sit right after the code.
 */
export function probeRom(): Buffer {
  const rom = Buffer.alloc(0x10000);
  const code = [
    0xfa, //                                  cli
    0x2e, 0x66, 0x0f, 0x01, 0x16, 0x40, 0x00, // lgdtl %cs:0x40
    0x0f, 0x20, 0xc0, //                      mov %cr0, %eax
    0x0c, 0x01, //                            or $1, %al
    0x0f, 0x22, 0xc0, //                      mov %eax, %cr0
    0x66, 0xea, 0x18, 0x00, 0xff, 0xff, 0x08, 0x00, // ljmpl $0x08, $0xffff0018
    0x66, 0xb8, 0x10, 0x00, 0x8e, 0xd8, // 0x18 (32-bit): mov $0x10, %ax; mov %ax, %ds
    0xb0, 0x01, //                            mov $1, %al
    0xe6, 0xf4, //                            out %al, $0xf4
    0xf4, //                                  hlt
  ];
  rom.set(code, 0);
  // 0x28: GDT: null, flat 32-bit code (selector 0x08), flat data (0x10).
  rom.set([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0x9a, 0xcf, 0, 0xff, 0xff, 0, 0, 0, 0x92, 0xcf, 0], 0x28);
  // 0x40: GDT descriptor: limit 23, base 0xffff0028 (the ROM is mapped below 4 GiB).
  rom.set([23, 0, 0x28, 0, 0xff, 0xff], 0x40);
  // 0xfff0: the reset vector: jmp to offset 0 (rel16 wraps within the 64 KiB segment).
  rom.set([0xe9, 0x0d, 0x00], 0xfff0);
  return rom;
}

/** The accelerator to boot with, probing KVM each time (a cached answer could go stale). */
export async function chooseAccel(qemu: string, env: NodeJS.ProcessEnv = process.env): Promise<Accel> {
  if (!(await access('/dev/kvm', constants.R_OK | constants.W_OK).then(() => true, () => false))) return 'tcg';
  return (await kvmRuns(qemu, env)) ? 'kvm' : 'tcg';
}

/** Runs the probe ROM under `accel`; true when it reached the exit port before the deadline. */
export async function kvmRuns(qemu: string, env: NodeJS.ProcessEnv, accel: Accel = 'kvm'): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'spectrum-kvm-probe-'));
  try {
    const rom = join(dir, 'probe.rom');
    await writeFile(rom, probeRom());
    const result = await execa(qemu, [
      '-accel', accel, '-machine', 'pc', '-m', '16', '-nodefaults', '-display', 'none',
      '-bios', rom, '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
    ], { env, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', reject: false, timeout: PROBE_DEADLINE_MS, killSignal: 'SIGKILL' });
    return result.exitCode === PROBE_PASSED;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
