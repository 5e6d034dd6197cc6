// `spectrum flash [IMAGE] DEVICE`: parses flags and hands over to cli/flash.
import type { Command } from 'commander';
import { UserError } from '../diagnostics.js';

interface FlashFlags {
  toFile?: boolean;
  allowFixed?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerFlash(program: Command): void {
  program
    .command('flash')
    .description('Write a live image to a USB stick, refusing any disk you could not mean, then verify it')
    .usage('[options] [IMAGE] DEVICE')
    .argument('[image]', 'image file or live-image folder (default: ./result/live.img, the last `spectrum build`)')
    .argument('[device]', 'whole disk to overwrite, e.g. /dev/sdb')
    .option('--dry-run', 'run every check, open the device read-only, write nothing')
    .option('-y, --yes', 'do not ask to type the device name (for scripts: there is no other confirmation)')
    .option('--allow-fixed', 'allow a disk that is neither removable nor USB (and loop devices)')
    .option('--to-file', 'DEVICE is a regular file to write the image into (created if missing, never truncated)')
    .option('--json', 'print the result as JSON on stdout (docs/flash.md); the prompt, progress and errors stay on stderr')
    .action(async (first: string | undefined, second: string | undefined, flags: FlashFlags) => {
      const [image, device] = second === undefined ? [undefined, first] : [first, second];
      if (device === undefined) {
        throw new UserError('no DEVICE given', 'name the USB stick, e.g. `spectrum flash /dev/sdb` (see `lsblk -d -o NAME,SIZE,TRAN,MODEL`)');
      }
      // The flash internals load execa (~90 ms): every other command would pay for it at start.
      const { flash } = await import('../flash/flash.js');
      process.exitCode = await flash(
        {
          image,
          device,
          toFile: flags.toFile ?? false,
          allowFixed: flags.allowFixed ?? false,
          yes: flags.yes ?? false,
          dryRun: flags.dryRun ?? false,
          json: flags.json ?? false,
          cwd: process.cwd(),
        },
        { input: process.stdin, out: process.stdout, err: process.stderr },
      );
    });
}
