// Boots a kernel or a disk image under QEMU (TCG: KVM hangs on this project's machines) and
// returns what the guest printed on its serial console, stopping as soon as a line matches.
// At most two guests run at once, one per core.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
const MAX_GUESTS = 2;

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(body: () => Promise<T>): Promise<T> {
  if (running >= MAX_GUESTS) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await body();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `program args` until its complete lines match `until`, it exits, or the timeout passes. */
export function consoleOf(program: string, args: string[], until: RegExp, timeoutMs = 120_000): Promise<string> {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let text = '';
        const stop = (): void => {
          clearTimeout(timer);
          child.kill('SIGKILL');
        };
        const timer = setTimeout(stop, timeoutMs);
        const take = (chunk: Buffer): void => {
          text += chunk.toString('latin1').replaceAll('\r', '');
          // Only whole lines: a line that has not arrived completely would be cut short.
          if (until.test(text.slice(0, text.lastIndexOf('\n') + 1))) stop();
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.on('error', reject);
        child.on('close', () => {
          clearTimeout(timer);
          resolve(text);
        });
      }),
  );
}

const common = ['-accel', 'tcg', '-m', '512', '-smp', '1', '-nographic', '-no-reboot', '-net', 'none'];
const disk = (image: string) => ['-drive', `file=${image},format=raw,if=virtio,readonly=on`];

/** Direct kernel boot with the disk image as the first virtio disk. */
export function bootDirect(o: { kernel: string; initrd: string; cmdline: string; image: string; until: RegExp }): Promise<string> {
  const args = [...common, '-kernel', o.kernel, '-initrd', o.initrd, '-append', o.cmdline, ...disk(o.image)];
  return consoleOf('qemu-system-x86_64', args, o.until);
}

/** The image as a USB stick on an xHCI controller, the way a flashed stick reaches a real machine. */
export const usbStick = (image: string) => [
  '-device', 'qemu-xhci',
  '-drive', `if=none,id=stick,file=${image},format=raw,readonly=on`,
  '-device', 'usb-storage,drive=stick,removable=on',
];

/**
 * Firmware boot: OVMF finds systemd-boot on the image's ESP, which starts the UKI. The image
 * is a virtio disk unless `attach` (e.g. usbStick) says otherwise.
 */
export async function bootUefi(o: { image: string; until: RegExp; attach?: (image: string) => string[] }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-ovmf-'));
  const vars = join(dir, 'vars.fd');
  copyFileSync(OVMF_VARS, vars);
  try {
    const firmware = [
      '-machine', 'q35',
      '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
      '-drive', `if=pflash,format=raw,unit=1,file=${vars}`,
    ];
    return await consoleOf('qemu-system-x86_64', [...common, ...firmware, ...(o.attach ?? disk)(o.image)], o.until, 240_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
