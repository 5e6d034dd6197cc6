import { expect, test } from 'vitest';
import { hostLinks, MAX_IFNAME, tapInterfaces, tapName } from '../../../vmm/net.js';
import { browser, sysGpu, sysNet, topology } from './fixtures.js';

test('short VM names give readable tap names', () => {
  expect(tapName('browser', 'vm')).toBe('sv-browser');
  expect(tapName('browser', 'router')).toBe('sr-browser');
  expect(tapName('abcdefghijk', 'vm')).toBe('sv-abcdefghijk');
});

test('long VM names give 15-byte names that tell similar names apart', () => {
  const a = tapName('mail-and-calendar', 'vm');
  const b = tapName('mail-and-contacts', 'vm');
  expect(a).toBe('sv-mail-a-fcd00');
  expect(a).toHaveLength(MAX_IFNAME);
  expect(b).toHaveLength(MAX_IFNAME);
  expect(a).not.toBe(b);
});

test('short and shortened names differ in length, so they never collide', () => {
  for (const name of ['a', 'abcde-fcd00', 'a'.repeat(11)]) {
    expect(tapName(name, 'vm').length).toBeLessThan(MAX_IFNAME);
  }
  for (const name of ['abcdefghijkl', 'a'.repeat(64)]) {
    expect(tapName(name, 'vm')).toHaveLength(MAX_IFNAME);
  }
});

test('app VMs without a net VM and VMs routing for nobody have no tap', () => {
  expect(tapInterfaces(sysGpu, topology)).toEqual([]);
  expect(tapInterfaces({ ...browser, net: null, netLink: null }, topology)).toEqual([]);
});

test('a net VM serves the app VMs that name it, in name order', () => {
  expect(tapInterfaces(sysNet, topology).map((t) => t.tap)).toEqual([
    'sr-browser',
    'sr-mail-a-fcd00',
  ]);
});

test('an invalid MAC is a bug, not an argument', () => {
  expect(() => tapInterfaces({ ...browser, ids: { ...browser.ids, mac: '02:00,x' } }, topology)).toThrow(
    /MAC address/,
  );
});

test('the host joins each app VM and its net VM on a bridge of their own, named from the app VM', () => {
  expect(hostLinks(browser, topology)).toEqual([{ bridge: 'sb-browser', tap: 'sv-browser' }]);
  // The net VM is the other end of every client's link: the same bridges, its own taps.
  expect(hostLinks(sysNet, topology)).toEqual([
    { bridge: 'sb-browser', tap: 'sr-browser' },
    { bridge: 'sb-mail-a-fcd00', tap: 'sr-mail-a-fcd00' },
  ]);
  expect(hostLinks(sysGpu, topology)).toEqual([]);
  for (const link of hostLinks(sysNet, topology)) expect(link.bridge.length).toBeLessThanOrEqual(MAX_IFNAME);
});
