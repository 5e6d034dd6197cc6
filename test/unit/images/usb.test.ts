// The USB scripts that decide where a device goes, run for real with Debian's busybox (what
// the images carry): the USB VM's claim matcher, and the host's relay, which alone chooses
// where a USB VM's export is joined (in a chroot laid out as the host's runtime is);
// test/e2e/runtime.test.ts joins real VMs.
import { execa } from 'execa';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSYBOX, RuntimeRoot } from './runtime-root.js';

const IMAGES = resolve(__dirname, '../../../images');

describe('usb-match (the USB VM)', () => {
  const claims = ['1 46f4:0001 ALPHA1 - alpha', '2 46f4:0001 BETA1 - beta', '3 - - 2-4 gamma', '4 0781:5581 - - delta', ''].join('\n');
  const match = async (id: string, serial: string, busid: string) =>
    (await execa(BUSYBOX, ['sh', join(IMAGES, 'usb/usb-match'), id, serial, busid], { input: claims })).stdout;

  it('finds the one claim a device falls under, by id, serial and port', async () => {
    expect(await match('46f4:0001', 'ALPHA1', '2-1')).toBe('1');
    expect(await match('46f4:0001', 'BETA1', '2-2')).toBe('2');
    expect(await match('1234:abcd', '', '2-4')).toBe('3');
    expect(await match('0781:5581', 'anything', '1-1.3')).toBe('4');
  });

  it('leaves every other device unclaimed', async () => {
    expect(await match('46f4:0001', 'NOBODY', '2-3')).toBe('-');
    expect(await match('46f4:0001', '', '2-3')).toBe('-');
    // Serials compare exactly: case and a prefix are different serials.
    expect(await match('46f4:0001', 'alpha1', '2-3')).toBe('-');
    expect(await match('46f4:0001', 'ALPHA', '2-3')).toBe('-');
  });
});

describe('usb-relay (the host)', () => {
  // The relay's socat is a recorder, since there are no VMs to connect to here: where the
  // relay connects, and every byte it was given to pass on.
  const host = new RuntimeRoot(
    [
      { name: 'sys-usb', cid: 3, role: 'usb', usbOwners: '1 alpha\n2 beta', state: 'ready' },
      { name: 'alpha', cid: 4, role: 'app', state: 'ready' },
      { name: 'beta', cid: 5, role: 'app', state: 'starting' },
    ],
    { socat: '#!/bin/sh\necho "$*" > /tmp/socat.args\ncat > /tmp/socat.in\n' },
  );
  afterAll(() => host.remove());

  /** One connection from CID `peer` that sends `input`: what the relay did with it. */
  async function relay(peer: number, input: string) {
    for (const f of ['socat.args', 'socat.in']) rmSync(host.path(`tmp/${f}`), { force: true });
    const r = await host.connection('usb-relay', peer, input);
    const read = (f: string) => (existsSync(host.path(`tmp/${f}`)) ? host.read(`tmp/${f}`) : null);
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, connectedTo: read('socat.args'), passed: read('socat.in') };
  }

  it('joins a claimed device to its owner, passing the rest of the stream on unread', async () => {
    const r = await relay(3, '1 2-1\n65538 5 2-1\n\x00\x01binary usb/ip\xff');
    expect(r.connectedTo, r.stderr).toBe('-t 2 STDIO VSOCK-CONNECT:4:5002\n');
    expect(r.passed).toBe('65538 5 2-1\n\x00\x01binary usb/ip\xff');
    expect(r.stderr).toContain('spectrum: usb sys-usb 2-1 (claim 1) attached to alpha');
    expect(r.stderr).toContain('spectrum: usb sys-usb 2-1 (claim 1) detached from alpha');
    // Nothing of the relay's own goes into the connection.
    expect(r.stdout).toBe('');
    // While it is joined, vm usb sees it; afterwards it does not.
    expect(existsSync(host.path('run/spectrum/usb/sys-usb:2-1'))).toBe(false);
  });

  it('waits for an owner that is not ready: no connection, the USB VM tries again', async () => {
    const r = await relay(3, '2 2-2\n');
    expect(r.connectedTo).toBeNull();
    expect(r.exitCode).toBe(0);
  });

  it('refuses every connection that is not a USB VM naming one of its claims', async () => {
    for (const [peer, input] of [
      [4, '1 2-1\n'], // an app VM cannot export to another
      [99, '1 2-1\n'], // a CID that is no VM
      [3, '9 2-1\n'], // a claim the USB VM does not have
      [3, '1 2-1;reboot\n'], // not a port path
      [3, 'alpha 2-1\n'], // owners are chosen by claim number, never named by the USB VM
      [3, ''],
    ] as const) {
      const r = await relay(peer, input);
      expect(r.connectedTo, `${peer} ${JSON.stringify(input)}`).toBeNull();
      expect(r.exitCode, `${peer} ${JSON.stringify(input)}`).not.toBe(0);
    }
  });
});
