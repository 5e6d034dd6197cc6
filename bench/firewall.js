// Benchmark of a net VM's generated firewall (issue "The net VM routes", "Speed": rule-set
// size and evaluation cost with 1, 10, 100 app VMs). Run after `npm run build` as root:
//   node bench/firewall.js        (or: npm run bench -- firewall)
// For a net VM routing for N app VMs, each opening two ports to the next, it generates the
// rule set with `spectrum generate` and reports its size (bytes, rules, set elements) and the
// time `nft -f` takes to load it. Then it loads it into a network namespace wired as the net
// VM (an app VM's link, an uplink; veth pairs) and sends UDP packets from the app VM side to
// ever new ports on the uplink side: every packet is a new flow, so each one walks the whole
// forward chain and the NAT chain. The baseline, in the same run: the same namespaces
// forwarding with no rule set at all. Ratio = forwarded packets per second with the rule set
// / without (its cost: connection tracking and NAT of each new flow, and the rules); "vs 1
// VM" = that ratio / the ratio for one app VM: the growth with N, 1.00 if none.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(resolve(fileURLToPath(import.meta.url), '../..'), 'bin/spectrum.js');
const SIZES = [1, 10, 100, 1000];
const PACKETS = 40_000;
const ROUNDS = 5;
const work = mkdtempSync(join(tmpdir(), 'spectrum-bench-firewall-'));
const tag = `spfwb${process.pid}`;

const run = (cmd, args, input) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
};
const inNs = (ns, script) => run('ip', ['netns', 'exec', `${tag}-${ns}`, 'sh', '-c', script]);

function ruleSet(n) {
  const vms = { 'sys-net': { role: 'net', devices: ['0000:00:1f.6'] } };
  const name = (i) => `app${i}`;
  for (let i = 0; i < n; i++) vms[name(i)] = { net: 'sys-net', reach: n > 1 ? [{ vm: name((i + 1) % n), ports: [443, 8080] }] : [] };
  const file = join(work, `n${n}.json`);
  writeFileSync(file, JSON.stringify({ name: 'bench', vms }));
  run(process.execPath, [CLI, 'generate', file, '-o', join(work, `out${n}`)]);
  return join(work, `out${n}`, 'vms', 'sys-net.nft');
}

function wire() {
  for (const ns of ['router', 'app', 'uplink']) run('ip', ['netns', 'add', `${tag}-${ns}`]);
  for (const [inside, peer, routerAddr, peerAddr, bits] of [
    ['sr-app0', 'app', '100.64.0.0', '100.64.0.1', 31],
    ['eth0', 'uplink', '10.0.2.15', '10.0.2.2', 24],
  ]) {
    run('ip', ['link', 'add', 'tmp0', 'netns', `${tag}-router`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', `${tag}-${peer}`]);
    inNs('router', `ip link set tmp0 name ${inside} && ip addr add ${routerAddr}/${bits} dev ${inside} && ip link set ${inside} up`);
    const route = peer === 'app' ? `ip route add default via ${routerAddr}` : 'true';
    inNs(peer, `ip addr add ${peerAddr}/${bits} dev eth0 && ip link set eth0 up && ${route}`);
  }
  inNs('router', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
}

function unwire() {
  for (const ns of ['router', 'app', 'uplink']) spawnSync('ip', ['netns', 'del', `${tag}-${ns}`]);
}

const received = () => Number(/^\s*RX:.*\n\s*\d+\s+(\d+)/m.exec(inNs('uplink', 'ip -s link show eth0'))[1]);

// One packet per new destination port, as fast as Python sends them; timed by the sender.
const SENDER = `
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t = time.perf_counter()
for i in range(${PACKETS}):
    s.sendto(b"x" * 64, ("10.0.2.2", 1024 + i % 60000))
print(time.perf_counter() - t)
`;

/** Forwarded packets per second: what reached the uplink side over the sender's time. */
function forwardRate() {
  const before = received();
  const seconds = Number(inNs('app', `python3 -c '${SENDER}'`).trim());
  // Let the router's backlog drain before counting.
  spawnSync('sleep', ['0.2']);
  return (received() - before) / seconds;
}

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
try {
  console.log(`app VMs   bytes  rules  elements  load ms  forwarded/s  no firewall/s  ratio  vs 1 VM   (medians of ${ROUNDS} rounds)`);
  let first;
  for (const n of SIZES) {
    const file = ruleSet(n);
    const text = readFileSync(file, 'utf8');
    wire();
    try {
      // Rounds alternate without and with the rule set, so a change in the machine's load
      // falls on both sides alike.
      const base = [];
      const withRules = [];
      let loadMs = 0;
      for (let r = 0; r < ROUNDS; r++) {
        inNs('router', 'nft flush ruleset');
        base.push(forwardRate());
        const t0 = process.hrtime.bigint();
        inNs('router', `nft -f ${file}`);
        loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
        withRules.push(forwardRate());
      }
      const listed = inNs('router', 'nft -a list ruleset');
      const rules = (listed.match(/# handle \d+$/gm) ?? []).length - (listed.match(/^\s*(table|chain|set|counter) .*# handle/gm) ?? []).length;
      const elements = JSON.parse(inNs('router', 'nft -j list sets')).nftables.filter((o) => o.set).reduce((sum, o) => sum + (o.set.elem?.length ?? 0), 0);
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const [w, b] = [median(withRules), median(base)];
      first ??= w / b;
      console.log(
        `${String(n).padStart(7)}  ${String(Buffer.byteLength(text)).padStart(6)}  ${String(rules).padStart(5)}  ${String(elements).padStart(8)}  ${loadMs.toFixed(1).padStart(7)}  ${Math.round(w).toString().padStart(11)}  ${Math.round(b).toString().padStart(13)}  ${(w / b).toFixed(2).padStart(5)}  ${(w / b / first).toFixed(2).padStart(9)}`,
      );
    } finally {
      unwire();
    }
  }
} finally {
  unwire();
  rmSync(work, { recursive: true, force: true });
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
