// The fault campaign (issue 14): the real CLI, killed (SIGKILL) or interrupted (SIGINT) at
// seeded random moments spread over the time each command really takes, then its output,
// its directory and its processes inspected, then run again to the end. Shared by the test
// (test/e2e/fault-campaign.test.ts) and the benchmark that prints its counts (bench/faults.js),
// so it is plain JavaScript: the benchmarks run on plain Node.
//
// What a point checks, for every command:
//   - the exit: SIGINT gives 130 (or death by the signal itself, which a shell shows as 130:
//     before the command's handler is installed or after it is gone, when nothing is being
//     written); SIGKILL gives death by SIGKILL. A signal sent once the command's report was
//     whole on stdout (its last act) reached a process that was exiting: exit 0 is then the
//     truth, a run that ended before its signal, not a fault;
//   - no loss: the output is the previous good one or the complete new one, never a mix, and
//     the previous one when the command said it stopped (130); the command's own contract
//     (flash --to-file writes an existing file in place) is the subject's `judge`;
//   - leftovers: spectrum's temporary names anywhere in the workspace, anything in TMPDIR, a
//     process of the run still alive. An interrupted run may leave none; a killed one only
//     what the next run removes;
//   - the next run: exit 0, the expected output, nothing left behind.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 as prng } from '../../prng.js';
import { descendants, processesMentioning, stillRunning } from './processes.js';

const CLI = resolve(fileURLToPath(import.meta.url), '../../../../bin/spectrum.js');

/** The seed of a campaign: FAULT_SEED to replay one, else a fresh one (printed by the caller). */
export const campaignSeed = (env = process.env) => (env.FAULT_SEED ? Number(env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts spectrum in the workspace; with `fault`, sends `fault.signal` after `fault.delayMs`
 * if it still runs, first noting every process below it. Resolves when it has exited;
 * `reportedBeforeSignal`: its whole stdout (the report each command writes last) was written
 * before the signal was sent.
 */
export function runSpectrum(ws, args, fault = null) {
  const started = Date.now();
  // stdout into a file, not a pipe: what the command had written when the signal went out is
  // then the file's size at that moment, whatever this process had read of it yet.
  const stdoutFd = openSync(ws.stdout, 'w');
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ws.cwd, env: ws.env, stdio: ['ignore', stdoutFd, 'pipe'] });
  closeSync(stdoutFd);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let sent = false;
  let stdoutAtSignal = 0;
  let tree = [];
  let timer;
  if (fault) {
    timer = setTimeout(() => {
      // Ended already, or ending: a signal reaches no one once the process is in the kernel's
      // exit (freeing its memory takes milliseconds) or a zombie that Node has not reaped yet.
      if (child.exitCode !== null || child.signalCode !== null || hasEnded(child.pid)) return;
      tree = descendants(child.pid);
      stdoutAtSignal = statSync(ws.stdout).size;
      sent = child.kill(fault.signal);
    }, fault.delayMs);
  }
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = readFileSync(ws.stdout, 'utf8');
      const reportedBeforeSignal = sent && stdout.length > 0 && stdoutAtSignal === Buffer.byteLength(stdout);
      done({ code, signal, stdout, stderr, ms: Date.now() - started, sent, reportedBeforeSignal, tree, pid: child.pid });
    });
  });
}

const PF_EXITING = 0x4;

function hasEnded(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name: state, ppid, pgrp, session, tty, tpgid, flags.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' || (Number(fields[6]) & PF_EXITING) !== 0;
  } catch {
    return true;
  }
}

/** A directory of its own for one campaign, with spectrum's cache and TMPDIR inside it, and where a run's stdout goes. */
export function campaignWorkspace(cwd) {
  mkdirSync(join(cwd, 'tmp'), { recursive: true });
  return { cwd, tmp: join(cwd, 'tmp'), stdout: join(cwd, '.stdout'), env: { ...process.env, XDG_CACHE_HOME: join(cwd, '.cache'), TMPDIR: join(cwd, 'tmp') } };
}

/** Names that spectrum (or nix on its behalf) gives temporary files: `.x.spectrum-tmp-PID…`, nix's `.PID_link`. */
const TEMP_NAME = /spectrum-tmp|^\.\d+_/;

/** Spectrum's temporary files anywhere under `dirs`, and anything at all in the workspace's TMPDIR. */
export function leftoverFiles(ws, dirs) {
  const found = readdirSync(ws.tmp).map((n) => join(ws.tmp, n));
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (TEMP_NAME.test(e.name)) found.push(path);
      else if (e.isDirectory() && path !== ws.tmp) walk(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return found;
}

/** Processes of a run that outlive it: SIGKILL leaves nix a moment to stop on its own (pdeathsig). */
async function strayProcesses(ws, tree, waitMs) {
  const stray = () => [...new Set([...stillRunning(tree), ...processesMentioning(ws.cwd)])];
  for (const end = Date.now() + waitMs; stray().length > 0 && Date.now() < end; ) await sleep(100);
  return stray();
}

/**
 * Runs `points` faults against one command. `subject` knows the command:
 *   prepare(ws, log) -> { times (ms of whole runs), variants }: the workspace made ready,
 *     each variant's output produced once; `variants[0]` is on disk when it returns;
 *   point(random, current) -> { args, variant, expected? }: the run of the next point (it
 *     may change the workspace first, e.g. remove a target);
 *   observe() -> a string describing the output (equal strings: equal outputs);
 *   judge?(before, afterFault, afterNext, result) -> a problem or null (default: old or new,
 *     and old after 130);
 *   recover?(variant) -> the output a run of `variant` gives from a copy of the workspace as
 *     a kill left it (for writers that undo a killed run's half-done work);
 *   dirs: where leftovers are looked for;
 *   extraPoints?({ random, attempt, log }, extra): points of its own after the others.
 * Returns the counts and every problem found, each naming its point.
 */
export async function runCampaign(subject, ws, { points, seed, extra = 0, log = () => undefined }) {
  const random = prng(seed);
  const prepared = await subject.prepare(ws, log);
  // How long a run takes moves with the machine's load: the faults follow the last few runs.
  const recent = [...prepared.times];
  const span = () => median(recent.slice(-9));
  log(`${subject.name}: a run takes ${span()} ms (median of ${recent.length}); faults spread over the median of the last 9 runs`);
  const counts = { faults: 0, sigkill: 0, sigint: 0, missed: 0, diedOfSigint: 0, states: 0, recoveries: 0, losses: 0, leftovers: 0, leftoversRemaining: 0, wrongExits: 0, failedNextRuns: 0 };
  const problems = [];
  let current = prepared.variants[0];
  const attempt = async (label, p, signal, delayMs, waitMs) => {
    const before = subject.observe();
    const fault = await runSpectrum(ws, p.args, { signal, delayMs });
    const where = `${label} (${signal} after ${Math.round(delayMs)} ms: ${fault.signal ?? `exit ${fault.code}`})`;
    const problem = (kind, text) => {
      counts[kind]++;
      problems.push(`${where}: ${text}`);
    };
    /** A run that was let finish: success, the expected output, nothing left behind. */
    const checkWhole = (run, what) => {
      counts.states++;
      if (run.code === 0 && p.expected !== undefined) recent.push(run.ms);
      if (run.code !== 0) problem('failedNextRuns', `${what} failed (${run.signal ?? run.code}):\n${run.stderr.slice(-2000)}`);
      const output = subject.observe();
      if (p.expected !== undefined && output !== p.expected) problem('losses', `${what} did not give the expected output:\n  ${output}\n  expected ${p.expected}`);
      const left = leftoverFiles(ws, subject.dirs);
      if (left.length > 0) problem('leftoversRemaining', `${what} left ${left.join(', ')}`);
      return output;
    };
    // SIGKILL cannot be caught, so a run that still exits 0 had ended when it arrived: in the
    // moment between the look at its state and the kill, it entered the kernel's exit (seen in
    // CI). A SIGINT sent after the last act, the report, can find Node in its last turn of the
    // event loop, after it read the signal pipe and before it puts the default handling back
    // (cli/interrupt.ts): libuv drops it and the run exits 0, having done all it had to (seen in
    // CI, flash, once in thousands of points); that is a run that ended before its signal too.
    const ended = fault.code === 0 && (signal === 'SIGKILL' || fault.reportedBeforeSignal);
    if (!fault.sent || ended) {
      // It ended before its signal: a whole run, checked as such, and drawn again.
      counts.missed++;
      checkWhole(fault, 'the run');
      current = p.variant;
      return;
    }
    counts.faults++;
    counts[signal === 'SIGKILL' ? 'sigkill' : 'sigint']++;
    const exitOk = signal === 'SIGKILL' ? fault.signal === 'SIGKILL' : fault.code === 130 || fault.signal === 'SIGINT';
    if (fault.signal === 'SIGINT') counts.diedOfSigint++;
    if (!exitOk) problem('wrongExits', `unexpected exit; stderr:\n${fault.stderr.slice(-2000)}`);
    const stray = await strayProcesses(ws, fault.tree, signal === 'SIGKILL' ? waitMs : 0);
    const afterFault = subject.observe();
    const leftAfterFault = leftoverFiles(ws, subject.dirs);
    counts.states++;
    // Killed while moving files into place: a mix of old and new files that the next run undoes
    // before it writes. That it brings back exactly the previous output is checked on a copy.
    const mixed = fault.signal === 'SIGKILL' && p.expected !== undefined && afterFault !== before && afterFault !== p.expected;
    if (mixed && subject.recover) {
      counts.recoveries++;
      const back = await subject.recover(current);
      if (back !== before) problem('losses', `killed while moving files into place; a run of the previous topology from there gives ${back}, not the previous ${before}`);
    }
    if (stray.length > 0) problem('leftovers', `processes still running:\n  ${stray.join('\n  ')}`);
    if (leftAfterFault.length > 0) {
      counts.leftovers += leftAfterFault.length;
      if (signal === 'SIGINT') problem('leftoversRemaining', `an interrupted run left ${leftAfterFault.join(', ')}`);
    }
    const afterNext = checkWhole(await runSpectrum(ws, p.args), 'the next run');
    const judged = mixed && subject.recover ? null : (subject.judge ?? judgeAtomic)(before, afterFault, afterNext, fault);
    if (judged) problem('losses', judged);
    current = p.variant;
  };
  for (let i = 0; counts.faults < points && i < points * 2; i++) {
    const p = subject.point(random, current);
    const signal = random() < 0.5 ? 'SIGKILL' : 'SIGINT';
    await attempt(`point ${i}`, p, signal, random() * span(), 15_000);
  }
  if (subject.extraPoints && extra > 0) await subject.extraPoints({ random, attempt, log }, extra);
  return { counts, problems };
}

/** What a command says when a SIGINT came too late to stop it: it exits 130 with the new output. */
export const FINISHED = /^spectrum: interrupted as it finished; /m;

/** The default contract: after a fault the output is the old or the new one; after 130 the old, unless it says it finished. */
function judgeAtomic(before, afterFault, afterNext, fault) {
  if (afterFault !== before && afterFault !== afterNext) return `the output is neither the previous nor the new one:\n  before ${before}\n  after  ${afterFault}\n  next   ${afterNext}`;
  if (fault.code === 130 && !FINISHED.test(fault.stderr) && afterFault !== before) return `the command said it stopped (130) but the output changed:\n  before ${before}\n  after  ${afterFault}`;
  return null;
}
