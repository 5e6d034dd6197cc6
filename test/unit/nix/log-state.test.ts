import { describe, expect, it } from 'vitest';
import { ActivityType, storePathName } from '../../../cli/nix/log.js';
import { BuildState } from '../../../cli/nix/log-state.js';
import { fixtureEvents, replay } from './replay.js';

describe('BuildState', () => {
  it('counts a two-derivation build to completion', () => {
    const state = replay('success');
    expect(state.counts(ActivityType.Builds)).toEqual({ done: 2, expected: 2, running: 0, failed: 0 });
    expect(state.started.map(storePathName)).toEqual(['fixture-first', 'fixture-second']);
    expect(state.building()).toEqual([]);
    expect(state.errors).toEqual([]);
  });

  it('shows which derivation is building and how far along while it runs', () => {
    const state = new BuildState();
    const seen: string[] = [];
    for (const e of fixtureEvents('success')) {
      state.apply(e);
      const b = state.counts(ActivityType.Builds);
      const now = state.building().map((x) => storePathName(x.drvPath)).join(',');
      const line = `${b.done}/${b.expected} ${now}`;
      if (seen.at(-1) !== line) seen.push(line);
    }
    expect(seen).toContain('0/2 fixture-first');
    expect(seen).toContain('1/2 fixture-second');
    expect(seen.at(-1)).toBe('2/2 ');
  });

  it('keeps each build log, bounded to the last lines', () => {
    const state = replay('builder-failure', 10);
    const drv = state.started[0];
    expect(state.logOf(drv)).toHaveLength(10);
    expect(state.logOf(drv).at(-1)).toBe('mkfs.erofs: cannot open /nonexistent: No such file or directory');
    expect(state.logOf('/nix/store/none.drv')).toEqual([]);
  });

  it('counts a substituted path and its bytes', () => {
    const state = replay('substituted');
    expect(state.counts(ActivityType.CopyPaths)).toMatchObject({ done: 1, expected: 1 });
    expect(state.counts(ActivityType.Builds)).toMatchObject({ done: 0, expected: 0 });
    expect(state.started).toEqual([]);
  });

  it('tracks expected bytes while a copy is under way and releases them when it stops', () => {
    const state = new BuildState();
    state.apply({ action: 'start', id: 1, type: ActivityType.Realise, text: '', fields: [] });
    state.apply({ action: 'result', id: 1, type: 106, fields: [ActivityType.CopyPath, 1000] });
    state.apply({ action: 'start', id: 2, type: ActivityType.CopyPath, text: 'copying', fields: [] });
    state.apply({ action: 'result', id: 2, type: 105, fields: [400, 1000, 0, 0] });
    expect(state.counts(ActivityType.CopyPath)).toMatchObject({ done: 400, expected: 1000 });
    state.apply({ action: 'result', id: 2, type: 105, fields: [1000, 1000, 0, 0] });
    state.apply({ action: 'stop', id: 2 });
    state.apply({ action: 'stop', id: 1 });
    expect(state.counts(ActivityType.CopyPath)).toMatchObject({ done: 1000, expected: 1000 });
  });

  it('records the phase a builder reports', () => {
    const state = new BuildState();
    state.apply({ action: 'start', id: 7, type: ActivityType.Build, text: '', fields: ['/nix/store/x-a.drv', '', 1, 1] });
    state.apply({ action: 'result', id: 7, type: 104, fields: ['installPhase'] });
    expect(state.building()).toEqual([{ drvPath: '/nix/store/x-a.drv', phase: 'installPhase' }]);
  });

  it('collects errors and warnings separately', () => {
    const state = replay('eval-error');
    expect(state.errors).toHaveLength(2);
    state.apply({ action: 'msg', level: 1, text: 'warning: Git tree is dirty', file: null, line: null });
    expect(state.warnings).toEqual(['Git tree is dirty']);
  });
});
