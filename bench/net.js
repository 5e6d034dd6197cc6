// Benchmark of routing through a net VM (issue "The net VM routes", "Speed": app VM → uplink
// throughput and latency through the net VM vs the net VM's own, same run). Run after
// `npm run build`:
//   node bench/net.js            (or: npm run bench -- net)
// It builds and boots (spectrum run: TCG, the VMs under nested KVM) a net VM and one app VM.
// The uplink side is a server on the emulated host's loopback, which the net VM's user-mode
// network reaches as 10.0.2.2. ROUNDS times, from the app VM (through the net VM: its link,
// the bridge on the host, the firewall, NAT) and from the net VM itself (the baseline):
// - throughput: fetching SIZE MiB over HTTP (busybox wget), timed by the VM's own clock;
// - latency: the average round trip of 10 pings to 10.0.2.2.
import { bootTopology, loadAverage, powerOff } from './host-console.js';

const SIZE = 16;
const ROUNDS = 3;
const TOPOLOGY = `{
  name = "bench-net";
  vmm = "qemu";
  vms = {
    sys-net = { role = "net"; memory = 256; devices = [ "0000:00:1f.6" ]; readyTimeout = 600; };
    app = { net = "sys-net"; memory = 256; readyTimeout = 600; };
  };
}
`;

const fetch = (vm) =>
  `vm exec ${vm} -- sh -c 't0=$(cut -d" " -f1 /proc/uptime); wget -q -O /dev/null http://10.0.2.2:8080/blob && ` +
  `awk -v a="$t0" -v b="$(cut -d" " -f1 /proc/uptime)" "BEGIN { print \\"fetched\\", b - a }"'`;
const rate = (out) => {
  const m = /^fetched ([0-9.]+)$/m.exec(out);
  if (!m) throw new Error(`no fetch result in:\n${out}`);
  return (SIZE * 2 ** 20) / 1e6 / Number(m[1]);
};
const rtt = (out) => {
  const m = /min\/avg\/max = [0-9.]+\/([0-9.]+)\//.exec(out);
  if (!m) throw new Error(`no ping summary in:\n${out}`);
  return Number(m[1]);
};
const ping = (vm) => `vm exec ${vm} -- ping -q -c 10 -i 0.2 10.0.2.2`;

const host = bootTopology('net', TOPOLOGY);
try {
  await host.waitFor(/^spectrum: all 2 VMs ready/m);
  await host.waitFor(/^spectrum# /m);
  await host.sh(`mkdir -p /tmp/www && dd if=/dev/urandom of=/tmp/www/blob bs=1M count=${SIZE} 2>/dev/null && httpd -p 127.0.0.1:8080 -h /tmp/www`);
  console.log(`round  app MB/s  net VM MB/s  ratio   app ms  net VM ms  ratio   (HTTP fetch of ${SIZE} MiB; 10 pings)`);
  for (let round = 1; round <= ROUNDS; round++) {
    const [a, n] = [rate(await host.sh(fetch('app'))), rate(await host.sh(fetch('sys-net')))];
    const [la, ln] = [rtt(await host.sh(ping('app'))), rtt(await host.sh(ping('sys-net')))];
    console.log(
      `${String(round).padStart(5)}  ${a.toFixed(1).padStart(8)}  ${n.toFixed(1).padStart(11)}  ${(a / n).toFixed(2).padStart(5)}  ${la.toFixed(2).padStart(7)}  ${ln.toFixed(2).padStart(9)}  ${(la / ln).toFixed(2).padStart(5)}`,
    );
  }
} finally {
  await powerOff(host);
}
console.log(`load average at end: ${loadAverage()}`);
