// Benchmark of USB forwarding (issue "The USB VM", "Speed"): a stick plugged into the USB VM,
// read in the VM that owns it over USB/IP on vsock. Run after `npm run build`:
//   node bench/usb.js            (or: npm run bench -- usb)
// It builds and boots (spectrum run: TCG, the VMs under nested KVM) a USB VM and one owner,
// plugs a QEMU usb-storage stick holding SIZE MiB of random data into the USB VM's emulated
// xHCI through QMP, and measures, ROUNDS times (unplugging in between):
// - attach latency: from the plug (device_add returned, on the host's clock) to the block
//   device in the owner (polled with vm exec every 0.2 s, so up to ~1 s coarse);
// - sequential read in the owner (dd, caches dropped, timed by the VM's clock), MB/s, of as
//   much as both the stick and the baseline disk hold;
// - the baseline, in the same run and the same VM: the same read from the owner's own
//   virtio-blk disk. The baseline, the same read inside the USB VM, cannot be taken:
//   the USB VM carries no storage driver, by design (docs/usb.md).
import { bootTopology, loadAverage, powerOff } from './host-console.js';

const SIZE = 32;
const ROUNDS = 3;
const TOPOLOGY = `{
  name = "bench-usb";
  vmm = "qemu";
  vms = {
    sys-usb = { role = "usb"; memory = 256; devices = [ "0000:00:14.0" ]; readyTimeout = 600; };
    owner = { memory = 256; usb = [ "46f4:0001 serial=BENCH1" ]; readyTimeout = 600; };
  };
}
`;

const qmp = (command) =>
  `printf '%s\\n' '{"execute":"qmp_capabilities"}' '${JSON.stringify(command)}' | socat -t 2 - UNIX-CONNECT:/run/spectrum/vms/sys-usb/vmm.sock >/dev/null`;
// busybox dd prints no rate: the VM's own clock times it.
const rate = (out) => {
  const m = /^read (\d+) ([0-9.]+)$/m.exec(out);
  if (!m) throw new Error(`no read result in:\n${out}`);
  return (Number(m[1]) * 2 ** 20) / 1e6 / Number(m[2]);
};
const readIn = (device, mib) =>
  `vm exec owner -- sh -c 'sync; echo 3 > /proc/sys/vm/drop_caches; t0=$(cut -d" " -f1 /proc/uptime); ` +
  `dd if=${device} of=/dev/null bs=1M count=${mib} 2>/dev/null; ` +
  `awk -v a="$t0" -v b="$(cut -d" " -f1 /proc/uptime)" "BEGIN { print \\"read ${mib}\\", b - a }"'`;

const host = bootTopology('usb', TOPOLOGY);
try {
  await host.waitFor(/^spectrum: all 2 VMs ready/m);
  await host.waitFor(/^spectrum# /m);
  await host.sh(`dd if=/dev/urandom of=/tmp/stick.img bs=1M count=${SIZE} 2>/dev/null`);
  await host.sh(qmp({ execute: 'blockdev-add', arguments: { driver: 'raw', 'node-name': 'stick', 'read-only': true, file: { driver: 'file', filename: '/tmp/stick.img', 'read-only': true } } }));
  // The owner's own disk may be smaller than the stick: the baseline reads at most its size.
  const vda = Math.floor(Number((await host.sh('vm exec owner -- blockdev --getsize64 /dev/vda')).trim()) / 2 ** 20);
  const mib = Math.min(SIZE, vda);
  console.log(`round  attach s  usb MB/s  virtio-blk MB/s  ratio usb/virtio-blk   (sequential read of ${mib} MiB)`);
  for (let round = 1; round <= ROUNDS; round++) {
    const plug = qmp({ execute: 'device_add', arguments: { driver: 'usb-storage', id: 'stick', bus: 'xhci0.0', port: '1', drive: 'stick', serial: 'BENCH1' } });
    const attach = await host.sh(
      `t0=$(cut -d' ' -f1 /proc/uptime); ${plug}; until vm exec owner -- test -b /dev/sda; do sleep 0.2; done; ` +
        `awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "attach %.2f\\n", b - a }'`,
    );
    const seconds = Number(/attach ([0-9.]+)/.exec(attach)?.[1]);
    const usb = rate(await host.sh(readIn('/dev/sda', mib)));
    const virtio = rate(await host.sh(readIn('/dev/vda', mib)));
    console.log(`${String(round).padStart(5)}  ${seconds.toFixed(2).padStart(8)}  ${usb.toFixed(1).padStart(8)}  ${virtio.toFixed(1).padStart(15)}  ${(usb / virtio).toFixed(2).padStart(20)}`);
    await host.sh(`${qmp({ execute: 'device_del', arguments: { id: 'stick' } })}; until ! vm exec owner -- test -b /dev/sda; do sleep 0.2; done`);
  }
} finally {
  await powerOff(host);
}
console.log(`load average at end: ${loadAverage()}`);
