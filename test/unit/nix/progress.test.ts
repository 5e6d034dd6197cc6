import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BuildState } from '../../../cli/nix/log-state.js';
import { Progress, statusLine } from '../../../cli/nix/progress.js';
import { fixtureEvents, replay } from './replay.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

function run(name: string, opts: { live: boolean; buildLogs: boolean }): string {
  const out = collect();
  let t = 0;
  const progress = new Progress(out.stream, { ...opts, columns: 100, now: () => (t += 50) });
  const state = new BuildState();
  for (const e of fixtureEvents(name)) {
    state.apply(e);
    progress.update(e, state);
  }
  progress.stop();
  return out.text();
}

describe('statusLine', () => {
  it('shows counts, what is building and the elapsed time', () => {
    const state = new BuildState();
    const events = fixtureEvents('success');
    const firstLog = events.findIndex((e) => e.action === 'result' && e.type === 101);
    for (const e of events.slice(0, firstLog)) state.apply(e);
    expect(statusLine(state, 83_000, 100)).toBe('[0/2 built] building fixture-first 1:23');
    expect(statusLine(replay('success'), 5_000, 100)).toBe('[2/2 built] 0:05');
  });

  it('shows copies with their bytes', () => {
    expect(statusLine(replay('substituted'), 0, 100)).toBe('[0/0 built, 1/1 copied] 0:00');
    const state = new BuildState();
    state.apply({ action: 'start', id: 1, type: 103, text: '', fields: [] });
    state.apply({ action: 'result', id: 1, type: 105, fields: [0, 2, 1, 0] });
    expect(statusLine(state, 0, 100)).toBe('[0/0 built, 0/2 copied] 0:00');
    state.apply({ action: 'start', id: 2, type: 100, text: '', fields: [] });
    state.apply({ action: 'result', id: 2, type: 105, fields: [3 * 1024 * 1024, 10 * 1024 * 1024, 0, 0] });
    expect(statusLine(state, 0, 100)).toBe('[0/0 built, 0/2 copied (3.0/10.0 MiB)] 0:00');
  });

  it('falls back to 80 columns when the terminal reports none', () => {
    const out = collect();
    const progress = new Progress(out.stream, { live: true, buildLogs: false, columns: 0 });
    const state = new BuildState();
    const e = { action: 'start', id: 1, type: 104, text: '', fields: [] } as const;
    state.apply(e);
    progress.update(e, state);
    progress.stop();
    expect(out.text()).toContain('[0/0 built] 0:00');
  });

  it('shortens to the terminal width', () => {
    const state = new BuildState();
    state.apply({ action: 'start', id: 1, type: 105, text: '', fields: [`/nix/store/${'a'.repeat(32)}-${'x'.repeat(200)}.drv`] });
    const line = statusLine(state, 0, 60);
    expect(line.length).toBe(57);
    expect(line).toMatch(/x… 0:00$/);
  });
});

describe('Progress', () => {
  it('prints one plain line per derivation when not on a terminal', () => {
    expect(run('success', { live: false, buildLogs: false })).toBe(
      'building fixture-first (1/2)\nbuilding fixture-second (2/2)\n',
    );
  });

  it('redraws one status line in place on a terminal and clears it at the end', () => {
    const text = run('success', { live: true, buildLogs: false });
    expect(text).not.toContain('\n');
    expect(text).toContain('\r\u001b[K[0/2 built] building fixture-first');
    expect(text.endsWith('\r\u001b[K')).toBe(true);
  });

  it('prints build logs above the status line when asked', () => {
    const text = run('success', { live: true, buildLogs: true });
    expect(text).toContain('\r\u001b[Kfixture-first> making first\n');
    expect(text).toContain('fixture-second> first\n');
  });

  it('passes warnings through in both modes', () => {
    for (const live of [true, false]) {
      const out = collect();
      const progress = new Progress(out.stream, { live, buildLogs: false });
      const state = new BuildState();
      const e = { action: 'msg', level: 1, text: 'warning: dirty', file: null, line: null } as const;
      state.apply(e);
      progress.update(e, state);
      progress.stop();
      expect(out.text()).toContain('warning: dirty\n');
    }
  });
});
