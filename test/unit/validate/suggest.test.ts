import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { validate } from '../../../cli/topology/validate/index.js';
import { closest } from '../../../cli/topology/validate/suggest.js';

describe('closest', () => {
  it('finds typos within a third of the length, ignoring case', () => {
    expect(closest('memroy', ['memory', 'vcpus'])).toBe('memory');
    expect(closest('VCPUS', ['memory', 'vcpus'])).toBe('vcpus');
    expect(closest('sys-nett', ['sys-net', 'sys-usb'])).toBe('sys-net');
    expect(closest('colour', ['memory', 'vcpus', 'role'])).toBeNull();
  });

  it('falls back to a shared prefix of at least three letters', () => {
    expect(closest('network', ['app', 'net', 'usb', 'gpu'])).toBe('net');
    expect(closest('mem', ['memory', 'vcpus'])).toBe('memory');
    expect(closest('ne', ['net'])).toBe('net');
    expect(closest('n', ['net'])).toBeNull();
  });

  it('breaks ties by name and never suggests the word itself', () => {
    expect(closest('vm', ['vms', 'vmm'])).toBe('vmm');
    expect(closest('net', ['net'])).toBeNull();
  });

  it('gives up on very long words instead of spending time on them', () => {
    expect(closest('x'.repeat(100_000), ['x'])).toBeNull();
  });
});

describe('unknown keys', () => {
  const hintFor = (json: string): string | undefined =>
    validate(parseTopology(json, 't.json').root!).diagnostics.find((d) => d.code === 'SP2001')?.hint;

  it('suggest a key that takes that kind of value first', () => {
    expect(hintFor('{"name": "a", "vms": {}, "vm": {"b": {}}}')).toBe('did you mean "vms"?');
    expect(hintFor('{"name": "a", "vms": {}, "vm": "qemu"}')).toBe('did you mean "vmm"?');
  });

  it('say where a key belongs when it is not a typo', () => {
    expect(hintFor('{"name": "a", "vms": {"b": {"kernelParams": []}}}')).toBe('kernelParams belongs in host');
    expect(hintFor('{"name": "a", "vms": {}, "packages": []}')).toBe(
      'packages is a setting of one VM: move it into that VM under vms',
    );
  });
});
