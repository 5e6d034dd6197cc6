// The rule for tests that need something of the machine (test/capability.ts): skip with a
// warning on a developer's machine, fail in CI.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { capability, inCi } from '../capability.js';

const missing = () => {
  throw new Error('Command failed: mount -t tmpfs tmpfs /x\nmount: /x: permission denied.\n');
};

describe('capability', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is true when the probe succeeds, in CI or not', () => {
    expect(capability('mounting', () => undefined, {})).toBe(true);
    expect(capability('mounting', () => undefined, { CI: 'true' })).toBe(true);
  });

  it('warns and lets the test skip outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(capability('mounting', missing, {})).toBe(false);
    expect(warn).toHaveBeenCalledWith('skipped: mounting is not available here: Command failed: mount -t tmpfs tmpfs /x; mount: /x: permission denied.');
  });

  it('throws in CI, naming what is missing and why', () => {
    expect(() => capability('mounting', missing, { CI: 'true' })).toThrow(
      'mounting is not available here: Command failed: mount -t tmpfs tmpfs /x; mount: /x: permission denied.; in CI the tests that need it must run, not skip',
    );
  });

  it('takes CI as set unless empty, "false" or "0"', () => {
    expect([inCi({ CI: 'true' }), inCi({ CI: '1' }), inCi({ CI: 'yes' })]).toEqual([true, true, true]);
    expect([inCi({}), inCi({ CI: '' }), inCi({ CI: 'false' }), inCi({ CI: '0' })]).toEqual([false, false, false, false]);
  });
});
