// USB claims: the one format (id, serial, port), its normal spelling, and when two claims can
// match one device (which validation refuses between two VMs, SP2034, with both positions).
import { describe, expect, it } from 'vitest';
import { FORMATS, normalize } from '../../../cli/topology/language/formats.js';
import { claimsOverlap, parseUsbClaim, usbClaimText } from '../../../cli/topology/language/usb-claims.js';

const valid = (v: string) => FORMATS.usb.check(v, 'usb') === null;

describe('USB claims', () => {
  it('accepts an id, narrowed by serial and/or port in that order, or a port alone', () => {
    for (const v of ['046d:c52b', '046D:C52B', '0781:5581 serial=4C530001', '0781:5581 port=1-2', '0781:5581 serial=a.b_c:d+e/f-1 port=3-1.4.2', 'port=1-2', 'port=12-3.1'])
      expect(valid(v), v).toBe(true);
    for (const v of ['46d:c52b', '046d-c52b', 'serial=X', '0781:5581 port=1-2 serial=X', '0781:5581 serial=', '0781:5581 serial=a b', '0781:5581 serial="x"', 'port=0-1', 'port=1', 'port=1-2.', ' 0781:5581', '0781:5581  serial=X', `0781:5581 serial=${'x'.repeat(65)}`])
      expect(valid(v), v).toBe(false);
  });

  it('lower-cases the id only: a serial is compared as the device reports it', () => {
    expect(normalize('usb', '046D:C52B serial=AbC')).toBe('046d:c52b serial=AbC');
    expect(parseUsbClaim('046D:C52B serial=AbC port=1-2')).toEqual({ id: '046d:c52b', serial: 'AbC', port: '1-2' });
    expect(parseUsbClaim('port=2-1')).toEqual({ id: null, serial: null, port: '2-1' });
    for (const v of ['046d:c52b', '0781:5581 serial=X port=1-2', 'port=1-2']) expect(usbClaimText(parseUsbClaim(v))).toBe(v);
  });

  it('overlap when one device could match both: every field both name is equal', () => {
    const o = (a: string, b: string) => claimsOverlap(parseUsbClaim(a), parseUsbClaim(b));
    expect(o('0781:5581', '0781:5581')).toBe(true);
    expect(o('0781:5581', '0781:5581 serial=A')).toBe(true);
    expect(o('0781:5581 serial=A', '0781:5581 serial=B')).toBe(false);
    expect(o('0781:5581 serial=A', '0781:5581 port=1-2')).toBe(true);
    expect(o('0781:5581 port=1-1', '0781:5581 port=1-2')).toBe(false);
    expect(o('port=1-2', '046d:c52b')).toBe(true);
    expect(o('port=1-2', '046d:c52b port=1-3')).toBe(false);
    expect(o('0781:5581', '046d:c52b')).toBe(false);
    // Serials are case-sensitive, as the kernel reports them.
    expect(o('0781:5581 serial=a', '0781:5581 serial=A')).toBe(false);
  });
});
