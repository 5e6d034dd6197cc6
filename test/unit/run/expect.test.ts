import { describe, expect, it } from 'vitest';
import { ConsoleWatcher } from '../../../cli/run/expect.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Feeds `text` in pieces of `size` bytes; returns the verdict and the byte offset it came at. */
function feedInPieces(watcher: ConsoleWatcher, text: string, size: number) {
  const all = bytes(text);
  for (let i = 0; i < all.length; i += size) {
    const verdict = watcher.feed(all.subarray(i, i + size));
    if (verdict) return { verdict, at: Math.min(i + size, all.length) };
  }
  return null;
}

describe('ConsoleWatcher', () => {
  const log = '[    3.29] erofs: mounted\r\nspectrum: host up (root verified)\r\n';

  it('matches across every possible chunk boundary', () => {
    for (let size = 1; size <= log.length; size++) {
      const got = feedInPieces(new ConsoleWatcher(/host up/), log, size);
      expect(got?.verdict).toEqual({ kind: 'matched', text: 'host up' });
      // As soon as the match is complete, not later.
      expect(got!.at).toBeLessThan(log.indexOf('host up') + 'host up'.length + size);
    }
  });

  it('decodes UTF-8 characters split between chunks', () => {
    const got = feedInPieces(new ConsoleWatcher(/grüße/), 'x grüße y', 1);
    expect(got?.verdict).toEqual({ kind: 'matched', text: 'grüße' });
  });

  it('reports the boot-failure line once it is complete', () => {
    const watcher = new ConsoleWatcher(/host up/);
    expect(watcher.feed(bytes('spectrum: boot failed: verity open fa'))).toBeNull();
    expect(watcher.feed(bytes('iled (bad root hash)\r\n'))).toEqual({
      kind: 'boot-failed',
      line: 'spectrum: boot failed: verity open failed (bad root hash)',
    });
  });

  it('without a pattern, reports the failure line and nothing else', () => {
    const watcher = new ConsoleWatcher(null);
    expect(watcher.feed(bytes(log))).toBeNull();
    expect(watcher.feed(bytes('spectrum: boot failed: no roothash= on the kernel command line\n'))).toEqual({
      kind: 'boot-failed',
      line: 'spectrum: boot failed: no roothash= on the kernel command line',
    });
  });

  it('lets a pattern that expects the failure win', () => {
    const watcher = new ConsoleWatcher(/boot failed: verity/);
    expect(watcher.feed(bytes('spectrum: boot failed: verity open failed\n'))).toEqual({ kind: 'matched', text: 'boot failed: verity' });
  });

  it('does not match on text that never came', () => {
    const watcher = new ConsoleWatcher(/host up/);
    expect(feedInPieces(watcher, 'host\r\nup and hos t up', 3)).toBeNull();
  });

  it('still matches after a lot of earlier output', () => {
    const watcher = new ConsoleWatcher(/host up/);
    for (let i = 0; i < 1000; i++) expect(watcher.feed(bytes(`[ ${i}] line of kernel noise\r\n`))).toBeNull();
    expect(watcher.feed(bytes('spectrum: host up'))).toMatchObject({ kind: 'matched' });
  });
});
