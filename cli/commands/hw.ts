// `spectrum hw scan [-o FILE] [--sysfs DIR]`: what this machine has, for `spectrum check`.
import type { Command } from 'commander';
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';
import { stdio, type Output } from './common.js';

/** Returns the exit code: 0 when the file was written (with or without unreadable parts). */
export async function runHwScan(out: string, sysfs: string, io: Output): Promise<number> {
  const { scanSysfs } = await import('../hardware/scan.js');
  const { formatHardware } = await import('../hardware/format.js');
  const { writeFileAtomic } = await import('../fsutil/write-file.js');
  const { statSync } = await import('node:fs');
  // A missing tree would scan as a machine with nothing in it; that is a typo, not a machine.
  if (!statSync(sysfs, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError(term`there is no sysfs tree at ${sysfs}`, 'leave --sysfs out to scan this machine\'s /sys, or name a copy of another machine\'s');
  }
  const hw = await scanSysfs(sysfs);
  for (const line of hw.unread) io.err(term`spectrum: could not read ${sysfs}/${line}\n`);
  try {
    await writeFileAtomic(out, formatHardware(hw));
  } catch (err) {
    throw new UserError(term`cannot write ${out}: ${(err as Error).message}`, 'pass another path with -o');
  }
  const groups = new Set(hw.pci.flatMap((f) => (f.iommuGroup === null ? [] : [f.iommuGroup]))).size;
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const iommu = groups === 0 ? 'no IOMMU groups (IOMMU off?)' : count(groups, 'IOMMU group');
  const summary = `${count(hw.pci.length, 'PCI function')}, ${iommu}, ${count(hw.usb.length, 'USB device')}, CPU ${hw.cpu ?? 'unknown'}`;
  io.err(term`spectrum: wrote ${out}: ${summary}\n`);
  return 0;
}

export function registerHw(program: Command): void {
  const hw = program.command('hw').description('Look at the machine spectrum will run on');
  hw.command('scan')
    .description('Read PCI functions, IOMMU groups, USB devices and the CPU vendor from sysfs into hardware.json')
    .option('-o, --out <file>', 'write here', 'hardware.json')
    .option('--sysfs <dir>', 'read this sysfs tree (a copy of another machine\'s)', '/sys')
    .action(async (flags: { out: string; sysfs: string }) => {
      process.exitCode = await runHwScan(flags.out, flags.sysfs, stdio());
    });
}
