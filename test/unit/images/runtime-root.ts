// A chroot laid out as the host's runtime is (images/runtime at /usr/lib/spectrum/runtime,
// bundles' runtime.env, the CID table and VM states), with Debian's busybox, what the images
// carry: the host's runtime scripts run in it for real, one vsock connection at a time, with
// the connection's peer given as socat gives it (SOCAT_PEERADDR).
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const IMAGES = resolve(__dirname, '../../../images');
export const BUSYBOX = '/bin/busybox';

export interface RuntimeVm { name: string; cid: number; role: string; usbOwners?: string; state: string }

export class RuntimeRoot {
  readonly root = mkdtempSync(join(tmpdir(), 'spectrum-runtime-root-'));

  constructor(vms: RuntimeVm[], tools: Record<string, string> = {}) {
    const at = (p: string) => join(this.root, p);
    for (const d of ['bin', 'dev', 'tmp', 'usr/lib/spectrum/bin', 'usr/lib/spectrum/vms', 'run/spectrum/vms']) mkdirSync(at(d), { recursive: true });
    execFileSync('mknod', ['-m', '666', at('dev/null'), 'c', '1', '3']);
    cpSync(BUSYBOX, at('bin/busybox'));
    for (const applet of ['sh', 'awk', 'cat', 'mkdir', 'rm', 'mv', 'cut', 'tr', 'grep', 'sleep']) symlinkSync('busybox', at(`bin/${applet}`));
    cpSync(join(IMAGES, 'runtime'), at('usr/lib/spectrum/runtime'), { recursive: true });
    for (const [name, script] of Object.entries(tools)) writeFileSync(at(`usr/lib/spectrum/bin/${name}`), script, { mode: 0o755 });
    for (const vm of vms) {
      mkdirSync(at(`usr/lib/spectrum/vms/${vm.name}`));
      writeFileSync(at(`usr/lib/spectrum/vms/${vm.name}/runtime.env`), `SPECTRUM_VM_CID='${vm.cid}'\nSPECTRUM_VM_ROLE='${vm.role}'\nSPECTRUM_VM_USB_OWNERS='${vm.usbOwners ?? ''}'\n`);
      mkdirSync(at(`run/spectrum/vms/${vm.name}`));
      writeFileSync(at(`run/spectrum/vms/${vm.name}/state`), `${vm.state}\n`);
    }
    writeFileSync(at('run/spectrum/cids'), vms.map((v) => `${v.cid} ${v.name}\n`).join(''));
  }

  /** Runs runtime script `script` on one connection from CID `peer` that sends `input`. */
  connection(script: string, peer: number, input: string) {
    return execa('/usr/sbin/chroot', [this.root, '/bin/sh', `/usr/lib/spectrum/runtime/${script}`], {
      input, env: { SOCAT_PEERADDR: String(peer) }, extendEnv: false, reject: false,
    });
  }

  path(p: string): string { return join(this.root, p); }
  read(p: string): string { return readFileSync(this.path(p), 'utf8'); }
  write(p: string, text: string): void { writeFileSync(this.path(p), text); }
  remove(): void { rmSync(this.root, { recursive: true, force: true }); }
}
