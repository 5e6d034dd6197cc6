// A chroot laid out as the host's runtime is (images/runtime at /usr/lib/spectrum/runtime,
// bundles' runtime.env, the CID table and VM states), with Debian's busybox, what the images
// carry (and, where asked, programs of this machine such as socat, with their libraries): the
// host's runtime scripts run in it for real, one vsock connection at a time, with the
// connection's peer given as socat gives it (SOCAT_PEERADDR), or as a hybrid vsock's own
// listener names it (SPECTRUM_PEER_VM, images/runtime/vsock.sh).
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const IMAGES = resolve(__dirname, '../../../images');
export const BUSYBOX = '/bin/busybox';

/** `hybrid`: its VMM's vsock is a Unix socket (cloud-hypervisor's) at `hybridSocket(name)`. */
export interface RuntimeVm { name: string; cid: number; role: string; usbOwners?: string; state: string; hybrid?: boolean }

export const hybridSocket = (vm: string): string => `/run/spectrum/vms/${vm}/vsock.sock`;

export class RuntimeRoot {
  readonly root = mkdtempSync(join(tmpdir(), 'spectrum-runtime-root-'));

  constructor(vms: RuntimeVm[], tools: Record<string, string> = {}, programs: string[] = []) {
    const at = (p: string) => join(this.root, p);
    for (const d of ['bin', 'dev', 'tmp', 'usr/lib/spectrum/bin', 'usr/lib/spectrum/vms', 'run/spectrum/vms']) mkdirSync(at(d), { recursive: true });
    execFileSync('mknod', ['-m', '666', at('dev/null'), 'c', '1', '3']);
    cpSync(BUSYBOX, at('bin/busybox'));
    for (const applet of ['sh', 'awk', 'cat', 'mkdir', 'rm', 'mv', 'cut', 'tr', 'grep', 'sleep', 'sed', 'od', 'tail', 'wc', 'truncate', 'mktemp']) {
      symlinkSync('busybox', at(`bin/${applet}`));
    }
    for (const program of programs) this.copyProgram(program);
    cpSync(join(IMAGES, 'runtime'), at('usr/lib/spectrum/runtime'), { recursive: true });
    for (const [name, script] of Object.entries(tools)) writeFileSync(at(`usr/lib/spectrum/bin/${name}`), script, { mode: 0o755 });
    for (const vm of vms) {
      mkdirSync(at(`usr/lib/spectrum/vms/${vm.name}`));
      writeFileSync(
        at(`usr/lib/spectrum/vms/${vm.name}/runtime.env`),
        `SPECTRUM_VM_CID='${vm.cid}'\nSPECTRUM_VM_ROLE='${vm.role}'\nSPECTRUM_VM_USB_OWNERS='${vm.usbOwners ?? ''}'\n` +
          `SPECTRUM_VM_VSOCK_SOCKET='${vm.hybrid ? hybridSocket(vm.name) : ''}'\n`,
      );
      mkdirSync(at(`run/spectrum/vms/${vm.name}`));
      writeFileSync(at(`run/spectrum/vms/${vm.name}/state`), `${vm.state}\n`);
    }
    writeFileSync(at('run/spectrum/cids'), vms.map((v) => `${v.cid} ${v.name}\n`).join(''));
  }

  /**
   * Runs runtime script `script` on one connection that sends `input`, from CID `peer` or,
   * when `peer` is a name, taken by that VM's own hybrid vsock listener.
   */
  connection(script: string, peer: number | string, input: string) {
    const env = typeof peer === 'number' ? { SOCAT_PEERADDR: String(peer) } : { SPECTRUM_PEER_VM: peer };
    return execa('/usr/sbin/chroot', [this.root, '/bin/sh', `/usr/lib/spectrum/runtime/${script}`], {
      input, env, extendEnv: false, reject: false,
    });
  }

  /** Runs `script` with the chroot's sh, in an empty environment (as s6 starts services). */
  sh(script: string, args: string[] = []) {
    return execa('/usr/sbin/chroot', [this.root, '/bin/sh', '-c', script, 'sh', ...args], { env: {}, extendEnv: false, reject: false });
  }

  /** A program of this machine at the same path inside, with the libraries ldd names. */
  private copyProgram(program: string): void {
    const files = [program, ...[...execFileSync('ldd', [program], { encoding: 'utf8' }).matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!)];
    for (const file of files) {
      mkdirSync(dirname(join(this.root, file)), { recursive: true });
      cpSync(realpathSync(file), join(this.root, file));
    }
  }

  path(p: string): string { return join(this.root, p); }
  read(p: string): string { return readFileSync(this.path(p), 'utf8'); }
  write(p: string, text: string): void { writeFileSync(this.path(p), text); }
  remove(): void { rmSync(this.root, { recursive: true, force: true }); }
}
