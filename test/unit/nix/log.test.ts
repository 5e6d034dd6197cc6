import { describe, expect, it } from 'vitest';
import { parseLogLine, storePathName, stripAnsi } from '../../../cli/nix/log.js';
import { fixtureEvents } from './replay.js';

describe('parseLogLine', () => {
  it('parses every line of every captured log into a known event', () => {
    for (const name of ['success', 'substituted', 'builder-failure', 'dependency-failure', 'eval-error']) {
      const events = fixtureEvents(name);
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.action !== 'text')).toBe(true);
    }
  });

  it('reads a build start with its derivation path', () => {
    const start = fixtureEvents('success').find((e) => e.action === 'start' && e.type === 105);
    expect(start).toMatchObject({ action: 'start', type: 105, text: expect.stringMatching(/^building '/) });
    expect(start?.action === 'start' && storePathName(String(start.fields[0]))).toBe('fixture-first');
  });

  it('strips colours from messages and keeps their source position', () => {
    const msg = fixtureEvents('eval-error')[0];
    expect(msg).toMatchObject({ action: 'msg', level: 0, line: 35 });
    expect(msg.action === 'msg' && msg.text).toMatch(/^error: cannot add a string to an integer\n/);
    expect(msg.action === 'msg' && msg.text).not.toContain('\u001b');
  });

  it('turns plain and malformed lines into text, and skips blank ones', () => {
    expect(parseLogLine('copying 1 paths...')).toEqual({ action: 'text', text: 'copying 1 paths...' });
    expect(parseLogLine('@nix {"action":')).toEqual({ action: 'text', text: '@nix {"action":' });
    expect(parseLogLine('@nix {"action":"bogus"}')).toBeNull();
    expect(parseLogLine('   ')).toBeNull();
  });

  it('names store paths without hash and .drv', () => {
    expect(storePathName('/nix/store/0gdavqfxx0sab4a7lrnb9g6dxlzlhm21-fixture-first.drv')).toBe('fixture-first');
    expect(storePathName('/nix/store/b3qbhl9l8qvv7r0rq3jsiiqzzh0vvqp1-live-image')).toBe('live-image');
    expect(storePathName('plain')).toBe('plain');
    expect(stripAnsi('\u001b[31;1merror:\u001b[0m x')).toBe('error: x');
  });
});
