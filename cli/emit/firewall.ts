// A net VM's firewall, an nftables rule set generated from the topology: the links it routes
// for by name, the openings its app VMs' `reach` declares, and default deny between app VMs
// (as Qubes does). Its init loads it before turning forwarding on (images/vm-init).
//
// Sets rather than one rule per link or opening: a packet costs one hash lookup however many
// app VMs the net VM serves (bench/firewall.js measures it).
import type { Topology, Vm } from '../topology/types.js';
import { clientsOf, tapName } from '../../vmm/net.js';

/** The generated file of a net VM's rule set, relative to the output directory. */
export const firewallFile = (vm: Vm): string => `vms/${vm.name}.nft`;

// Interface names come from tapName (a VM name or its digest); checked once more because
// they are spliced into nft's quoted strings.
const IFNAME = /^[a-z0-9-]{1,15}$/;
const ifname = (name: string): string => {
  if (!IFNAME.test(name)) throw new Error(`interface name ${JSON.stringify(name)} reached the firewall emitter`);
  return `"${name}"`;
};

/** `elements = { … }` of a set, or nothing for an empty one (nft refuses empty braces). */
const elements = (items: string[]): string[] => (items.length === 0 ? [] : [`    elements = { ${items.join(', ')} }`]);

export function firewallRules(vm: Vm, topology: Topology): string {
  const clients = clientsOf(vm, topology);
  const links = clients.map((c) => ifname(tapName(c.name, 'router')));
  const openings = clients.flatMap((client) =>
    client.reach.flatMap((r) => r.ports.map((port) => `${ifname(tapName(client.name, 'router'))} . ${ifname(tapName(r.vm, 'router'))} . ${port}`)),
  );
  return [
    `# The firewall of net VM ${vm.name}. Its app VMs' links are the interfaces named after the`,
    `# host's router-side taps (sr-<app VM>); every other interface but lo is an uplink.`,
    'flush ruleset',
    '',
    'table inet spectrum {',
    '  # The links to the app VMs this VM routes for.',
    '  set clients {',
    '    type ifname',
    ...elements(links),
    '  }',
    "  # What the app VMs' reach opens: from link . to link . port, TCP and UDP.",
    '  set reach {',
    '    type ifname . ifname . inet_service',
    ...elements(openings),
    '  }',
    '  # Packets one app VM sent another and the net VM dropped.',
    '  counter inter_vm {',
    '  }',
    '',
    '  chain input {',
    '    type filter hook input priority filter; policy drop;',
    '    iif "lo" accept',
    '    ct state established,related accept',
    '    # App VMs may ask this VM for names and ping it; nothing else.',
    '    iifname @clients meta l4proto { tcp, udp } th dport 53 accept',
    '    iifname @clients icmp type echo-request accept',
    "    # The uplink's DHCP answers.",
    '    iifname != @clients udp sport 67 udp dport 68 accept',
    '  }',
    '',
    '  chain forward {',
    '    type filter hook forward priority filter; policy drop;',
    '    ct state established,related accept',
    '    meta l4proto { tcp, udp } iifname . oifname . th dport @reach accept',
    '    iifname @clients oifname @clients counter name "inter_vm" log prefix "spectrum: drop inter-vm: " level info drop',
    '    iifname @clients accept',
    '  }',
    '',
    '  # Out through the uplink, masqueraded.',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    '    iifname @clients oifname != @clients masquerade',
    '  }',
    '}',
    '',
  ].join('\n');
}
