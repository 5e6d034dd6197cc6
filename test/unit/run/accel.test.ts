// The probe ROM runs for real under TCG (0.1 s): proof that it reaches protected mode and the
// exit port, so a failure under KVM means KVM, not the ROM.
import { describe, expect, it } from 'vitest';
import { kvmRuns, probeRom } from '../../../cli/run/accel.js';

describe('KVM probe', () => {
  it('is a 64 KiB BIOS image with the jump at the reset vector', () => {
    const rom = probeRom();
    expect(rom.length).toBe(0x10000);
    expect([...rom.subarray(0xfff0, 0xfff3)]).toEqual([0xe9, 0x0d, 0x00]);
  });

  it('completes under TCG', async () => {
    expect(await kvmRuns('qemu-system-x86_64', process.env, 'tcg')).toBe(true);
  });

  it('fails when QEMU cannot run', async () => {
    expect(await kvmRuns('/nonexistent/qemu', process.env, 'tcg')).toBe(false);
  });
});
