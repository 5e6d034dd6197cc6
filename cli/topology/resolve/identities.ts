// Derived identities of each VM: vsock CID, MAC addresses, /31 link to its net VM and disk
// serial. All come from one hash of the topology name and the VM's own name, so adding,
// removing, reordering or editing other VMs leaves them alone. The one exception is a hash
// collision: VMs claim values in sorted-name order (each VM's own MAC before the MAC of its
// net VM's side of the link), and the later VM of a colliding pair takes the value of a
// retry hash instead. Only then does one VM's identity depend on another's presence.
import { hash } from 'node:crypto';
import type { NetLink, VmIds } from '../types.js';
import { compareNames } from '../language/names.js';
import { ipv4Text } from '../language/ipv4.js';
import { Pool } from './pool.js';

/**
 * Links come from 100.64.0.0/10, the RFC 6598 shared address space, split into 2^21
 * point-to-point /31s (RFC 3021). Unlike 10/8 and 192.168/16 it is rarely a home or office
 * LAN, so it seldom overlaps the net VM's uplink; where a carrier's CGNAT does use it, the
 * more specific /31 routes still win.
 */
const LINK_BASE = 0x64400000;
const LINK_BITS = 21;
/** CIDs 0-2 are the hypervisor, loopback and host; 2^32-1 is VMADDR_CID_ANY. */
const CID_FIRST = 3;
const CID_COUNT = 2 ** 32 - 4;

// NUL separates the parts; names cannot contain it, so distinct inputs stay distinct. Hex
// text, not a Buffer: 10,000 small Buffers cost more in allocation and GC than the hashing.
const sha256 = (...parts: string[]): string => hash('sha256', ['spectrum', ...parts].join('\0'), 'hex');

/** Byte offset of each identity in a VM's digest. Retries use a digest of their own, at offset 0. */
const AT = { cid: 0, mac: 4, routerMac: 10, link: 16, disk: 20 } as const;

const uint32 = (d: string, at: number): number => parseInt(d.slice(2 * at, 2 * at + 8), 16);

export const cidFrom = (d: string, at = 0): number => CID_FIRST + (uint32(d, at) % CID_COUNT);

/** Locally administered (bit 1 set), unicast (bit 0 clear). */
export function macFrom(d: string, at = 0): string {
  const first = ((parseInt(d.slice(2 * at, 2 * at + 2), 16) & 0xfc) | 0x02).toString(16).padStart(2, '0');
  const rest = (i: number): string => d.slice(2 * (at + i), 2 * (at + i) + 2);
  return `${first}:${rest(1)}:${rest(2)}:${rest(3)}:${rest(4)}:${rest(5)}`;
}

export function linkFrom(d: string, at = 0): { routerAddress: string; address: string } {
  const router = LINK_BASE + 2 * (uint32(d, at) >>> (32 - LINK_BITS));
  return { routerAddress: ipv4Text(router), address: ipv4Text(router + 1) };
}

export const diskIdFrom = (d: string, at = 0): string => d.slice(2 * at, 2 * at + 16);

/** The digest (hex) every identity of a VM comes from, and the digests of its retries. */
export const vmDigest = (topology: string, vm: string): string => sha256('id', topology, vm);
export const retryDigest = (purpose: keyof typeof AT, topology: string, vm: string, attempt: number): string =>
  sha256(purpose, topology, vm, String(attempt));

export interface VmKey {
  name: string;
  /** Has a net VM, so it gets a link and the net VM gets an interface for it. */
  routed: boolean;
}

export interface Identities {
  ids: Map<string, VmIds>;
  links: Map<string, NetLink>;
}

export function deriveIdentities(topology: string, vms: readonly VmKey[]): Identities {
  const cids = new Pool<number>((c) => c);
  const macs = new Pool<string>((m) => m);
  const disks = new Pool<string>((d) => d);
  const addresses = new Pool<{ routerAddress: string; address: string }>((l) => l.routerAddress);
  const ids = new Map<string, VmIds>();
  const links = new Map<string, NetLink>();
  for (const { name, routed } of [...vms].sort((a, b) => compareNames(a.name, b.name))) {
    const d = vmDigest(topology, name);
    const retry = <T>(purpose: keyof typeof AT, from: (d: string) => T) => (attempt: number): T =>
      from(retryDigest(purpose, topology, name, attempt));
    ids.set(name, {
      cid: cids.claim(cidFrom(d, AT.cid), retry('cid', cidFrom)),
      mac: macs.claim(macFrom(d, AT.mac), retry('mac', macFrom)),
      diskId: disks.claim(diskIdFrom(d, AT.disk), retry('disk', diskIdFrom)),
    });
    if (!routed) continue;
    const routerMac = macs.claim(macFrom(d, AT.routerMac), retry('routerMac', macFrom));
    const link = addresses.claim(linkFrom(d, AT.link), retry('link', linkFrom));
    links.set(name, { ...link, prefixLength: 31, routerMac });
  }
  return { ids, links };
}
