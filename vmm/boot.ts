// What every VM boots with, whatever its VMM: the kernel command line and its two disks.
import type { Vm } from '../cli/topology/types.js';
import type { Arg } from './types.js';
import { plain } from './checked.js';

/**
 * The VM initramfs opens these directly (no partition table inside a VM): the root filesystem
 * is the first virtio disk, its verity hash tree the second. Every emitter attaches the disks
 * in this order.
 */
export const ROOT_DEVICE = '/dev/vda';
export const VERITY_DEVICE = '/dev/vdb';

/**
 * The guest console is the first serial port on every VMM, so one console= fits all. `quiet`
 * keeps the kernel to warnings and errors there: every byte on an emulated serial port costs a
 * VM exit, which nested virtualization (VMs in `spectrum run`) makes expensive. A
 * panicking guest reboots at once (panic=-1), which ends its VMM (QEMU runs with -no-reboot)
 * so the supervisor restarts it, instead of leaving it hung and counted as running.
 */
export function kernelCmdline(): Arg {
  return {
    ref: 'roothash',
    prefix: `console=ttyS0 quiet panic=-1 spectrum.root=${ROOT_DEVICE} spectrum.verity=${VERITY_DEVICE} roothash=`,
  };
}

/** virtio-blk reports at most 20 bytes of serial (VIRTIO_BLK_ID_BYTES); longer ones fail. */
export const MAX_SERIAL = 20;

/**
 * Disk serials, so a guest (or someone reading /sys/block/vd?/serial) can tell the disks apart:
 * the root filesystem carries the VM's diskId, the verity disk the diskId marked `-v`.
 */
export function diskSerials(vm: Vm): { rootfs: string; verity: string } {
  const id = plain(vm.ids.diskId, 'disk id');
  if (id.length > MAX_SERIAL) {
    throw new Error(`bug: disk id ${JSON.stringify(id)} is longer than ${MAX_SERIAL} bytes`);
  }
  return { rootfs: id, verity: `${id.slice(0, MAX_SERIAL - 2)}-v` };
}
