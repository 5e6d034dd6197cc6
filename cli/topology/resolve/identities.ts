// Derived identities of each VM: vsock CID, MAC addresses, /31 link to its net VM and disk
// serial. Each is a hash of the topology name and the VM's name only, so adding, removing,
// reordering or editing other VMs leaves them alone (short of a hash collision, see allocate).
import { createHash } from 'node:crypto';
import type { NetLink, VmIds } from '../types.js';
import { allocate } from './allocate.js';

/** 100.64.0.0/10 (RFC 6598 shared address space), split into 2^21 point-to-point /31s. */
const LINK_BASE = 0x64400000;
const LINK_BITS = 21;
/** CIDs 0-2 are the hypervisor, loopback and host; 2^32-1 is VMADDR_CID_ANY. */
const CID_FIRST = 3;
const CID_COUNT = 2 ** 32 - 4;

// The purpose and NUL separators keep inputs apart: names cannot contain NUL.
const hash = (purpose: string, topology: string, key: string, attempt: number): Buffer =>
  createHash('sha256').update(`spectrum\0${purpose}\0${topology}\0${key}\0${attempt}`).digest();

export const cidFrom = (digest: Buffer): number => CID_FIRST + (digest.readUInt32BE(0) % CID_COUNT);

/** Locally administered (bit 1 set), unicast (bit 0 clear). */
export function macFrom(digest: Buffer): string {
  const bytes = [...digest.subarray(0, 6)];
  bytes[0] = (bytes[0] & 0xfc) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const ipv4 = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.');

export function linkFrom(digest: Buffer): { routerAddress: string; address: string } {
  const router = LINK_BASE + 2 * (digest.readUInt32BE(0) >>> (32 - LINK_BITS));
  return { routerAddress: ipv4(router), address: ipv4(router + 1) };
}

export const diskIdFrom = (digest: Buffer): string => digest.subarray(0, 8).toString('hex');

export interface VmKey {
  name: string;
  /** Has a net VM, so it gets a link and the net VM gets an interface for it. */
  routed: boolean;
}

export interface Identities {
  ids: Map<string, VmIds>;
  links: Map<string, NetLink>;
}

// The net VM's interface for VM "x" is keyed "x>router"; ">" cannot occur in a VM name.
const routerKey = (vm: string): string => `${vm}>router`;

export function deriveIdentities(topology: string, vms: readonly VmKey[]): Identities {
  const names = vms.map((vm) => vm.name);
  const routed = vms.filter((vm) => vm.routed).map((vm) => vm.name);
  const derive = <T>(purpose: string, from: (d: Buffer) => T) => (key: string, attempt: number): T =>
    from(hash(purpose, topology, key, attempt));
  const cids = allocate(names, derive('cid', cidFrom), (c) => c);
  const macs = allocate([...names, ...routed.map(routerKey)], derive('mac', macFrom), (m) => m);
  const disks = allocate(names, derive('disk', diskIdFrom), (d) => d);
  const addresses = allocate(routed, derive('link', linkFrom), (l) => l.routerAddress);
  const ids = new Map<string, VmIds>();
  for (const name of names) ids.set(name, { cid: cids.get(name)!, mac: macs.get(name)!, diskId: disks.get(name)! });
  const links = new Map<string, NetLink>();
  for (const name of routed) {
    links.set(name, { ...addresses.get(name)!, prefixLength: 31, routerMac: macs.get(routerKey(name))! });
  }
  return { ids, links };
}
