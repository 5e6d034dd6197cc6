// Where a running VM's sockets live on the host. These paths are a contract with the host's
// supervisor: it creates /run/spectrum/vms/<name>/ before it starts the VMM, starts one
// virtiofsd per share listening on fs-<tag>.sock there, and talks to the VMM through vmm.sock.

export const VM_RUN_DIR = '/run/spectrum/vms';

export const vmRunDir = (vm: string): string => `${VM_RUN_DIR}/${vm}`;

/**
 * The VMM's control socket, one name for every VMM so the supervisor can stop any VM the same
 * way: cloud-hypervisor's HTTP API, crosvm's control socket, QEMU's QMP.
 */
export const controlSocket = (vm: string): string => `${vmRunDir(vm)}/vmm.sock`;

/**
 * cloud-hypervisor's vsock is a Unix socket on the host (`VmmCommand.vsockSocket`); crosvm
 * and QEMU use the kernel's vhost-vsock and need no path.
 */
export const vsockSocket = (vm: string): string => `${vmRunDir(vm)}/vsock.sock`;

/** The vhost-user-fs socket that virtiofsd serves for one share. */
export const fsSocket = (vm: string, tag: string): string => `${vmRunDir(vm)}/fs-${tag}.sock`;

/**
 * The Wayland compositor of a GPU VM as seen from the host (the supervisor proxies it out of
 * the GPU VM); app VMs that display through that GPU VM connect their virtio-gpu to it.
 */
export const waylandSocket = (gpuVm: string): string => `${vmRunDir(gpuVm)}/wayland-0`;

/** QEMU shows a display VM's virtio-gpu here, for a VNC client during local testing. */
export const vncSocket = (vm: string): string => `${vmRunDir(vm)}/vnc.sock`;

export const pciSysfsPath = (address: string): string => `/sys/bus/pci/devices/${address}/`;
