// A net VM's generated file carries the links it routes for, and nothing else of its clients:
// what goes into a VM's file decides what rebuilds when another VM changes.
import { describe, expect, it } from 'vitest';
import { emitTree } from '../../../cli/emit/index.js';
import { vmView } from '../../../cli/emit/view.js';
import type { Topology } from '../../../cli/topology/types.js';
import { vm } from '../../resolved-vm.js';
import { smallTopology } from './topologies.js';

/** smallTopology plus a second client of sys-net whose name sorts first and is long. */
function twoClients(): Topology {
  const topology = smallTopology();
  topology.vms.push(
    vm('a-very-long-client', 9, {
      net: 'sys-net',
      after: ['sys-net'],
      netLink: { address: '10.128.0.7', routerAddress: '10.128.0.6', prefixLength: 31, routerMac: '02:00:00:01:00:09' },
    }),
  );
  return topology;
}

const vmsOf = (topology: Topology) => Object.fromEntries(topology.vms.map((v) => [v.name, v]));

describe("a net VM's clients", () => {
  it('are its app VMs, sorted by name, each with its link and router-side tap', () => {
    const topology = twoClients();
    expect(vmView(vmsOf(topology)['sys-net'], topology).clients).toEqual([
      { name: 'a-very-long-client', address: '10.128.0.7', routerAddress: '10.128.0.6', prefixLength: 31, routerMac: '02:00:00:01:00:09', tap: 'sr-a-very-22163' },
      { name: 'browser', address: '10.128.0.1', routerAddress: '10.128.0.0', prefixLength: 31, routerMac: '02:00:00:01:00:03', tap: 'sr-browser' },
    ]);
    expect(vmView(vmsOf(topology).browser, topology).clients).toEqual([]);
    expect(vmView(vmsOf(topology).notes, topology).clients).toEqual([]);
  });

  it("change the net VM's file only when a link changes, never an app VM's", () => {
    const before = emitTree(smallTopology());
    const bigger = smallTopology();
    bigger.vms = bigger.vms.map((v) => (v.name === 'browser' ? { ...v, memoryMiB: 4096, packages: ['curl', 'wget'], description: 'other' } : v));
    const afterClientChange = emitTree(bigger);
    expect(afterClientChange.get('vms/sys-net.nix')).toBe(before.get('vms/sys-net.nix'));
    expect(afterClientChange.get('vms/browser.nix')).not.toBe(before.get('vms/browser.nix'));

    const afterNewClient = emitTree(twoClients());
    expect(afterNewClient.get('vms/sys-net.nix')).not.toBe(before.get('vms/sys-net.nix'));
    expect(afterNewClient.get('vms/sys-net.nix')).toContain('tap = "sr-a-very-22163";');
    expect(afterNewClient.get('vms/browser.nix')).toBe(before.get('vms/browser.nix'));
    expect(afterNewClient.get('vms/notes.nix')).toBe(before.get('vms/notes.nix'));
  });
});

describe("a net VM's openings between its clients", () => {
  it("come from its clients' reach, as router-side interface names, and change only the net VM's rule set", () => {
    const before = twoClients();
    const after = twoClients();
    const browser = after.vms.find((v) => v.name === 'browser')!;
    browser.reach = [{ vm: 'a-very-long-client', ports: [443, 8080] }];
    const [a, b] = [emitTree(before), emitTree(after)];
    expect(a.get('vms/sys-net.nft')).toMatch(/set reach \{\n    type ifname \. ifname \. inet_service\n  \}/);
    expect(b.get('vms/sys-net.nft')).toContain('elements = { "sr-browser" . "sr-a-very-22163" . 443, "sr-browser" . "sr-a-very-22163" . 8080 }');
    const changed = [...b.keys()].filter((path) => a.get(path) !== b.get(path));
    expect(changed).toEqual(['vms/sys-net.nft']);
  });
});
