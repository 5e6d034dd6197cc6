// What validation hands on: the topology as written, each value parsed once by its field
// (sizes in MiB, PCI addresses and USB ids lower-case) and kept with where it was written,
// for the rules' messages. A value that failed its check is null, so every later reader
// skips what validation has reported already; resolve reads this and nothing else.
import type { Span } from '../../diagnostics.js';
import type { VmmName } from '../../../vmm/index.js';
import type { Role } from './roles.js';

export interface At<T> {
  value: T;
  span: Span;
}

/** A list as written: an entry that failed its check is null, so `value.length` counts every entry. */
export type ListSpec<T> = At<Array<At<T> | null>>;

/** One opening between app VMs: `vm` null when its name failed its check. */
export interface ReachSpec {
  vm: At<string> | null;
  ports: number[];
}

/** A static uplink; a field that failed its check is null (dns: only the valid entries). */
export interface UplinkSpec {
  address: At<string> | null;
  gateway: At<string> | null;
  dns: string[];
}

export interface ShareSpec {
  tag: At<string> | null;
  readOnly: boolean;
}

export interface VmSpec {
  name: string;
  keySpan: Span;
  /** null when invalid, or when the definition is not an attribute set: role rules skip it. */
  role: Role | null;
  description: string;
  /** null when not given (the role's default applies) or invalid. */
  memoryMiB: number | null;
  vcpus: number;
  readyTimeout: number;
  /** Lists are null when not given or not a list. */
  devices: ListSpec<string> | null;
  net: At<string> | null;
  usb: ListSpec<string> | null;
  display: At<string> | null;
  shares: ListSpec<ShareSpec> | null;
  reach: ListSpec<ReachSpec> | null;
  /** null when not given, null or invalid. */
  uplink: At<UplinkSpec> | null;
  packages: ListSpec<string> | null;
  /** The VMM it runs under (its own, else the topology's); null when that one is invalid. */
  vmm: VmmName | null;
  /** Where `vmm` came from, for messages. */
  vmmFrom: 'vm' | 'topology' | 'default';
  after: ListSpec<string> | null;
}

export interface TopologySpec {
  name: string | null;
  /** null when invalid. */
  vmm: VmmName | null;
  kernelParams: string[];
  /** The `vms` attribute set, when it is one. */
  vmsSpan: Span | null;
  /** In file order. */
  vms: VmSpec[];
  byName: Map<string, VmSpec>;
}

/** The entries of a list that passed their checks. */
export const valid = <T>(list: ListSpec<T> | null): Array<At<T>> =>
  list ? list.value.filter((item): item is At<T> => item !== null) : [];
