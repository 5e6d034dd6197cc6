// The shape walk's values as the typed TopologySpec: each field read from what the walk
// parsed, defaults from the field table, and each VM's VMM settled (its own, else the
// topology's). Nothing here looks at the raw tree again.
import type { VmmName } from '../../../vmm/index.js';
import { DEFAULT_VMM, SHARE_FIELDS, VM_FIELDS } from '../language/fields.js';
import type { Role } from '../language/roles.js';
import type { At, ListSpec, ReachSpec, ShareSpec, TopologySpec, UplinkSpec, VmSpec } from '../language/spec.js';
import type { MapEntry, Values } from './shape.js';

// The walk has checked each value against its field's type; these only say which type.
const text = (v: At<unknown> | null | undefined): At<string> | null => (v ?? null) as At<string> | null;
const list = <T>(v: At<unknown> | null | undefined): ListSpec<T> | null => (v ?? null) as ListSpec<T> | null;
const record = (v: At<unknown> | null | undefined): Values | null => (v?.value ?? null) as Values | null;

/** The field's value; its default when not given; null when it failed its check. */
function read<T>(values: Values, key: string, fallback: T): T | null {
  if (!Object.hasOwn(values, key)) return fallback;
  return (values[key]?.value ?? null) as T | null;
}

/** The field's value, else its default: a value that failed is reported, and resolve never sees it. */
const orDefault = <T>(values: Values, key: string, fallback: T): T => (values[key]?.value ?? fallback) as T;

/** A list of records, each read by `item`; an entry that failed its check stays null. */
function records<T>(v: At<unknown> | null | undefined, item: (values: Values) => T): ListSpec<T> | null {
  const given = list<Values>(v);
  if (!given) return null;
  return { value: given.value.map((entry) => entry && { value: item(entry.value), span: entry.span }), span: given.span };
}

const share = (values: Values): ShareSpec => ({
  tag: text(values.tag),
  readOnly: orDefault(values, 'readOnly', SHARE_FIELDS.readOnly.default as boolean),
});

const reach = (values: Values): ReachSpec => ({
  vm: text(values.vm),
  // A port that failed its check is reported; the rest still open.
  ports: (list<number>(values.ports)?.value ?? []).flatMap((p) => (p ? [p.value] : [])),
});

function uplink(v: At<unknown> | null | undefined): At<UplinkSpec> | null {
  const given = record(v);
  if (!given) return null;
  const dns = (list<string>(given.dns)?.value ?? []).flatMap((d) => (d ? [d.value] : []));
  return { value: { address: text(given.address), gateway: text(given.gateway), dns }, span: v!.span };
}

function vmSpec({ key, keySpan, value }: MapEntry, topologyVmm: VmmName | null, vmmGiven: boolean): VmSpec {
  const given = record(value);
  // A definition that is not an attribute set has its own diagnostic; its role is unknown.
  const v: Values = given ?? {};
  const ownVmm = Object.hasOwn(v, 'vmm');
  return {
    name: key,
    keySpan,
    role: given ? read<Role>(v, 'role', VM_FIELDS.role.default as Role) : null,
    description: orDefault(v, 'description', VM_FIELDS.description.default as string),
    memoryMiB: orDefault<number | null>(v, 'memory', null),
    vcpus: orDefault(v, 'vcpus', VM_FIELDS.vcpus.default as number),
    readyTimeout: orDefault(v, 'readyTimeout', VM_FIELDS.readyTimeout.default as number),
    devices: list(v.devices),
    net: text(v.net),
    usb: list(v.usb),
    display: text(v.display),
    shares: records(v.shares, share),
    reach: records(v.reach, reach),
    uplink: uplink(v.uplink),
    packages: list(v.packages),
    vmm: ownVmm ? ((v.vmm?.value ?? null) as VmmName | null) : topologyVmm,
    vmmFrom: ownVmm ? 'vm' : vmmGiven ? 'topology' : 'default',
    after: list(v.after),
  };
}

export function topologySpec(top: Values): TopologySpec {
  const vmm = read<VmmName>(top, 'vmm', DEFAULT_VMM);
  const vmmGiven = Object.hasOwn(top, 'vmm');
  const vmsGiven = top.vms ?? null;
  const byName = new Map<string, VmSpec>();
  for (const entry of (vmsGiven?.value ?? []) as MapEntry[]) {
    if (!byName.has(entry.key)) byName.set(entry.key, vmSpec(entry, vmm, vmmGiven));
  }
  const host = record(top.host);
  return {
    name: text(top.name)?.value ?? null,
    vmm,
    kernelParams: host ? (list<string>(host.kernelParams)?.value ?? []).flatMap((p) => (p ? [p.value] : [])) : [],
    vmsSpan: vmsGiven?.span ?? null,
    vms: [...byName.values()],
    byName,
  };
}
