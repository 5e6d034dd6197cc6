// The fault campaign (issue 14): `spectrum generate`, `build` and `flash --to-file` as real
// processes, killed (SIGKILL) or interrupted (SIGINT) at seeded random moments spread over
// the time a run of each takes here (measured first), at least 100 faults per command. After
// each: the exit code, the previous output intact (or the new one complete), no leftovers
// and no stray processes (or the next run removes them), and the next run succeeding.
//
// What the points cover: with runs of ~0.4–0.6 s, some land in Node's start, most in loading,
// emitting, comparing and writing the tree (generate), nix's evaluation, the out link's
// creation and promotion (build) and writing and reading back the image (flash); build also
// has a few points in the middle of real derivation builds of topologies never built before.
// The campaign itself is in helpers/fault-campaign.js, shared with `npm run bench -- faults`.
// Replay a run with FAULT_SEED=<the printed seed>.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignSeed, campaignWorkspace, runCampaign } from './helpers/fault-campaign.js';
import { buildSubject, flashSubject, generateSubject } from './helpers/fault-subjects.js';

const seed = campaignSeed();
console.log(`fault campaign: seed ${seed} (replay with FAULT_SEED=${seed})`);
const dirs: string[] = [];
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const CASES = [
  ['generate', generateSubject, 0],
  ['build', buildSubject, 4],
  ['flash --to-file', flashSubject, 0],
] as const;

describe('fault campaign', () => {
  it.each(CASES)('%s: killed or interrupted at 100 random points, loses nothing and leaves nothing behind', async (name, subjectOf, extra) => {
    const cwd = mkdtempSync(join(tmpdir(), `spectrum-faults-${name.split(' ')[0]}-`));
    dirs.push(cwd);
    const ws = campaignWorkspace(cwd);
    const subject = subjectOf(ws);
    if ('cleanup' in subject) cleanups.push(subject.cleanup);
    const { counts, problems } = await runCampaign(subject, ws, { points: 100, seed, extra, log: console.log });
    console.log(`${name}: ${JSON.stringify(counts)}`);
    expect(problems).toEqual([]);
    expect(counts.faults).toBeGreaterThanOrEqual(100);
    expect(counts.losses).toBe(0);
  });
});
