// Resolve: a validated topology becomes one plain, fully defaulted `Topology` value.
import type { VmmName } from '../../../vmm/vmms.js';
import type { Share, Topology, Vm } from '../types.js';
import { startEdges, type Edge } from '../validate/edges.js';
import { DEFAULT_MEMORY_MIB, DEFAULT_VMM, SHARE_FIELDS, VM_FIELDS } from '../language/fields.js';
import { normalizePci, normalizeUsb } from '../language/formats.js';
import { parseSize } from '../language/size.js';
import { get, getObject, getObjects, getString, getStrings, type TopologyView, type VmView } from '../validate/view.js';
import { compareNames } from './allocate.js';
import { deriveIdentities, type Identities } from './identities.js';
import { startOrder } from './order.js';

/** Validation guarantees these; failing one is a bug in spectrum, not in the topology. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`resolve: ${what} (validation should have rejected this)`);
  return value;
}

function memoryMiB(vm: VmView, role: Vm['role']): number {
  const value = get(vm.node, 'memory');
  if (value === undefined) return DEFAULT_MEMORY_MIB[role];
  const size = value.kind === 'number' || value.kind === 'string' ? parseSize(value.value) : null;
  return must(size && 'mib' in size ? size.mib : null, `memory of ${vm.name} is not a size`);
}

function shares(vm: VmView): Share[] {
  return getObjects(vm.node, 'shares').map((share) => {
    const readOnly = get(share, 'readOnly');
    return {
      tag: must(getString(share, 'tag'), `a share of ${vm.name} has no tag`).value,
      readOnly: readOnly?.kind === 'boolean' ? readOnly.value : (SHARE_FIELDS.readOnly.default as boolean),
    };
  });
}

function resolveVm(vm: VmView, after: Set<string>, identities: Identities): Vm {
  const role = must(vm.role, `role of ${vm.name}`);
  const vcpus = get(vm.node, 'vcpus');
  const strings = (key: string): string[] => getStrings(vm.node, key).map((s) => s.value);
  return {
    name: vm.name,
    role,
    description: getString(vm.node, 'description')?.value ?? (VM_FIELDS.description.default as string),
    memoryMiB: memoryMiB(vm, role),
    vcpus: vcpus?.kind === 'number' ? vcpus.value : (VM_FIELDS.vcpus.default as number),
    devices: strings('devices').map((d) => must(normalizePci(d), `PCI address ${d}`)),
    net: getString(vm.node, 'net')?.value ?? null,
    usb: strings('usb').map((u) => must(normalizeUsb(u), `USB id ${u}`)),
    display: getString(vm.node, 'display')?.value ?? null,
    shares: shares(vm),
    packages: strings('packages'),
    vmm: must(vm.vmm, `vmm of ${vm.name}`),
    after: [...after].sort(compareNames),
    ids: must(identities.ids.get(vm.name), `identities of ${vm.name}`),
    netLink: identities.links.get(vm.name) ?? null,
  };
}

function afterSets(edges: readonly Edge[]): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const set = sets.get(from);
    if (set) set.add(to);
    else sets.set(from, new Set([to]));
  }
  return sets;
}

/** `source` is the topology file as the user named it; relative stays relative. */
export function resolve(view: TopologyView, source: string): Topology {
  const { root } = view;
  const name = must(getString(root, 'name'), 'the topology has no name').value;
  const vms = [...view.vms].sort((a, b) => compareNames(a.name, b.name));
  const identities = deriveIdentities(
    name,
    vms.map((vm) => ({ name: vm.name, routed: getString(vm.node, 'net') !== undefined })),
  );
  const edges = startEdges(view);
  const after = afterSets(edges);
  const host = getObject(root, 'host');
  return {
    name,
    source,
    vmm: (getString(root, 'vmm')?.value as VmmName | undefined) ?? DEFAULT_VMM,
    host: { kernelParams: host ? getStrings(host, 'kernelParams').map((p) => p.value) : [] },
    vms: vms.map((vm) => resolveVm(vm, after.get(vm.name) ?? new Set(), identities)),
    startOrder: startOrder(
      vms.map((vm) => vm.name),
      edges,
    ),
  };
}
