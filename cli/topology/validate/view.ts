// Typed reads of the raw tree for rules and resolve. Readers skip values of the wrong
// kind: the shape check has already reported them, so no rule reports them twice.
import type { Span } from '../../diagnostics.js';
import type { RawArray, RawEntry, RawNode, RawObject, RawScalar } from '../raw.js';
import { ROLES, type Role } from '../language/fields.js';
import { VMMS, type VmmName } from '../../../vmm/vmms.js';
import { DEFAULT_VMM } from '../language/fields.js';

export type RawString = Extract<RawScalar, { kind: 'string' }>;

export interface VmView {
  name: string;
  keySpan: Span;
  /** Its definition; empty when the definition is not an attribute set. */
  node: RawObject;
  /** null when its role is invalid or its definition is broken: role rules skip it. */
  role: Role | null;
  /** The VMM it runs under (its own or the topology's); null when that one is invalid. */
  vmm: VmmName | null;
  vmmFromTopology: boolean;
}

export interface TopologyView {
  root: RawObject;
  vms: VmView[];
  byName: Map<string, VmView>;
}

export const entry = (obj: RawObject, key: string): RawEntry | undefined => obj.entries.find((e) => e.key === key);

/** The value of `key`; a `null` value counts as absent. */
export function get(obj: RawObject, key: string): RawNode | undefined {
  const value = entry(obj, key)?.value;
  return value?.kind === 'null' ? undefined : value;
}

export function getString(obj: RawObject, key: string): RawString | undefined {
  const value = get(obj, key);
  return value?.kind === 'string' ? value : undefined;
}

export function getList(obj: RawObject, key: string): RawArray | undefined {
  const value = get(obj, key);
  return value?.kind === 'array' ? value : undefined;
}

export const getStrings = (obj: RawObject, key: string): RawString[] =>
  (getList(obj, key)?.items ?? []).filter((item): item is RawString => item.kind === 'string');

export const getObjects = (obj: RawObject, key: string): RawObject[] =>
  (getList(obj, key)?.items ?? []).filter((item): item is RawObject => item.kind === 'object');

export function getObject(obj: RawObject, key: string): RawObject | undefined {
  const value = get(obj, key);
  return value?.kind === 'object' ? value : undefined;
}

function pick<T extends string>(obj: RawObject, key: string, allowed: readonly T[], absent: T | null): T | null {
  const value = get(obj, key);
  if (value === undefined) return absent;
  return value.kind === 'string' && (allowed as readonly string[]).includes(value.value) ? (value.value as T) : null;
}

export function buildView(root: RawObject): TopologyView {
  const defaultVmm = pick(root, 'vmm', VMMS, DEFAULT_VMM);
  const vms: VmView[] = [];
  const byName = new Map<string, VmView>();
  for (const e of getObject(root, 'vms')?.entries ?? []) {
    if (byName.has(e.key)) continue;
    const broken = e.value.kind !== 'object';
    const node: RawObject = e.value.kind === 'object' ? e.value : { kind: 'object', entries: [], span: e.value.span };
    const ownVmm = get(node, 'vmm') !== undefined;
    const vm: VmView = {
      name: e.key,
      keySpan: e.keySpan,
      node,
      role: broken ? null : pick(node, 'role', ROLES, 'app'),
      vmm: ownVmm ? pick(node, 'vmm', VMMS, null) : defaultVmm,
      vmmFromTopology: !ownVmm,
    };
    vms.push(vm);
    byName.set(vm.name, vm);
  }
  return { root, vms, byName };
}
