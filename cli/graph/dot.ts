// The machine as a graph, in Graphviz's DOT language: VMs grouped by role and numbered in
// start order; the hardware each owns; net links (with addresses) and chains; openings
// between app VMs; USB claims; displays. Edges point the way service flows: hardware to the
// device VMs, device VMs to the VMs they serve, so the layout reads left to right.
import type { Role, Topology, Vm } from '../topology/types.js';
import { usbClaimText } from '../topology/language/usb-claims.js';

const GROUPS: ReadonlyArray<readonly [Role, string, string]> = [
  ['net', 'net VMs', '#dbeafe'],
  ['usb', 'USB VMs', '#dcfce7'],
  ['gpu', 'GPU VMs', '#f3e8ff'],
  ['app', 'app VMs', '#fef9c3'],
];

/** A DOT double-quoted string. */
export const dotString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

const vmNode = (name: string): string => dotString(`vm:${name}`);
const pciNode = (address: string): string => dotString(`pci:${address}`);

function vmLabel(vm: Vm, position: number): string {
  const memory = vm.memoryMiB % 1024 === 0 ? `${vm.memoryMiB / 1024} GiB` : `${vm.memoryMiB} MiB`;
  return `${position}. ${vm.name}\n${vm.role} · ${memory} · ${vm.vcpus} vCPU${vm.vcpus === 1 ? '' : 's'} · ${vm.vmm}`;
}

export function topologyDot(topology: Topology): string {
  const position = new Map(topology.startOrder.map((name, i) => [name, i + 1]));
  const usbVm = topology.vms.find((v) => v.role === 'usb');
  const lines = [
    `// spectrum graph of topology ${topology.name}: VMs numbered in start order.`,
    `digraph ${dotString(topology.name)} {`,
    `  graph [rankdir=LR, label=${dotString(`${topology.name}: ${topology.vms.length} VM${topology.vms.length === 1 ? '' : 's'}`)}, labelloc=t, fontname="DejaVu Sans", nodesep=0.3, ranksep=0.9];`,
    '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11];',
    '  edge [fontname="DejaVu Sans", fontsize=9];',
  ];
  for (const [role, title, colour] of GROUPS) {
    const members = topology.vms.filter((v) => v.role === role);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${dotString(`cluster_${role}`)} {`, `    label=${dotString(title)}; style="rounded,dashed"; color="#9ca3af";`);
    for (const vm of members) lines.push(`    ${vmNode(vm.name)} [label=${dotString(vmLabel(vm, position.get(vm.name)!))}, fillcolor="${colour}"];`);
    lines.push('  }');
  }
  const devices = topology.vms.flatMap((vm) => vm.devices.map((d) => [d, vm] as const));
  if (devices.length > 0) {
    lines.push('  subgraph "cluster_hardware" {', '    label="PCI devices (VFIO)"; style="rounded,dashed"; color="#9ca3af";');
    for (const [address] of devices) lines.push(`    ${pciNode(address)} [label=${dotString(address)}, shape=component, fillcolor="#e5e7eb"];`);
    lines.push('  }');
    for (const [address, vm] of devices) lines.push(`  ${pciNode(address)} -> ${vmNode(vm.name)} [penwidth=2];`);
  }
  for (const vm of topology.vms) {
    if (vm.net !== null && vm.netLink !== null) {
      const link = `${vm.netLink.routerAddress} → ${vm.netLink.address}/${vm.netLink.prefixLength}`;
      lines.push(`  ${vmNode(vm.net)} -> ${vmNode(vm.name)} [label=${dotString(link)}, color="#2563eb", fontcolor="#2563eb"];`);
    }
    for (const r of vm.reach) {
      lines.push(`  ${vmNode(vm.name)} -> ${vmNode(r.vm)} [label=${dotString(`reach ${r.ports.join(', ')}`)}, style=dashed, color="#b45309", fontcolor="#b45309", constraint=false];`);
    }
    if (usbVm) {
      for (const claim of vm.usb) lines.push(`  ${vmNode(usbVm.name)} -> ${vmNode(vm.name)} [label=${dotString(`usb ${usbClaimText(claim)}`)}, color="#15803d", fontcolor="#15803d"];`);
    }
    if (vm.display !== null) lines.push(`  ${vmNode(vm.display)} -> ${vmNode(vm.name)} [label="display", color="#7e22ce", fontcolor="#7e22ce"];`);
  }
  lines.push('}', '');
  return lines.join('\n');
}
