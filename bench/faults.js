// The fault campaign of test/e2e/fault-campaign.test.ts, with its counts printed: `spectrum
// generate`, `build` and `flash --to-file` killed (SIGKILL) or interrupted (SIGINT) at seeded
// random moments, each checked for lost output, leftovers, stray processes and exit codes.
// Run after `npm run build`:   node bench/faults.js   (FAULT_POINTS=100, FAULT_SEED=<replay>)
// Needs root for nothing; build uses the host package set (bench/README-faults.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignSeed, campaignWorkspace, runCampaign } from '../test/e2e/helpers/fault-campaign.js';
import { buildSubject, flashSubject, generateSubject } from '../test/e2e/helpers/fault-subjects.js';

const POINTS = Number(process.env.FAULT_POINTS ?? 100);
const seed = campaignSeed();
console.log(`seed ${seed} (replay with FAULT_SEED=${seed}), ${POINTS} faults per command`);

const rows = [];
let bad = 0;
for (const [name, subjectOf, extra] of [['generate', generateSubject, 0], ['build', buildSubject, 4], ['flash --to-file', flashSubject, 0]]) {
  const cwd = mkdtempSync(join(tmpdir(), `spectrum-bench-faults-`));
  const ws = campaignWorkspace(cwd);
  const subject = subjectOf(ws);
  const started = Date.now();
  try {
    const { counts, problems } = await runCampaign(subject, ws, { points: POINTS, seed, extra, log: console.log });
    rows.push({ name, seconds: (Date.now() - started) / 1000, ...counts });
    for (const p of problems) console.log(`  PROBLEM ${name}: ${p}`);
    bad += problems.length;
  } finally {
    subject.cleanup?.();
    rmSync(cwd, { recursive: true, force: true });
  }
}

const pad = (s, n) => String(s).padStart(n);
console.log(`\ncommand           faults  (SIGKILL SIGINT)  missed  states  undone  losses  leftovers (remaining)  wrong exits  failed next runs  time`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(16)} ${pad(r.faults, 7)}  (${pad(r.sigkill, 7)} ${pad(r.sigint, 6)})  ${pad(r.missed, 6)}  ${pad(r.states, 6)}  ${pad(r.recoveries, 6)}  ${pad(r.losses, 6)}  ${pad(r.leftovers, 9)} ${pad(`(${r.leftoversRemaining})`, 11)}  ${pad(r.wrongExits, 11)}  ${pad(r.failedNextRuns, 16)}  ${r.seconds.toFixed(0)} s`,
  );
}
const total = (k) => rows.reduce((s, r) => s + r[k], 0);
console.log(`total: ${total('faults')} faults injected, ${total('states')} states checked, ${total('losses')} losses, ${total('leftovers')} leftovers found after kills (${total('leftoversRemaining')} not removed by the next run)`);
process.exitCode = bad > 0 ? 1 : 0;
