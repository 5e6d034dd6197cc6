// What a running nix is doing, folded from its internal-json events: counts of derivations
// built and paths copied, bytes, what is building now, each build's last log lines, and the
// error messages. The counting follows nix's own progress bar (libmain/progress-bar.cc) so
// spectrum's numbers match what `nix build` would show.
import { ActivityType, LogLevel, ResultType, type Field, type NixEvent } from './log.js';

export interface Counts {
  done: number;
  expected: number;
  running: number;
  failed: number;
}

export interface NixMessage {
  text: string;
  file: string | null;
  line: number | null;
}

interface Activity {
  type: number;
  drvPath: string | null;
  phase: string | null;
  done: number;
  expected: number;
  running: number;
  failed: number;
  expectedByType: Map<number, number>;
}

interface TypeTotals {
  done: number;
  failed: number;
  expected: number;
}

export class BuildState {
  readonly errors: NixMessage[] = [];
  readonly warnings: string[] = [];
  /** Plain (non-JSON) lines nix printed, most recent last. */
  readonly text: string[] = [];
  /** Every derivation whose build started, in order. */
  readonly started: string[] = [];
  private readonly activities = new Map<number, Activity>();
  private readonly totals = new Map<number, TypeTotals>();
  private readonly logs = new Map<string, string[]>();

  /** `keepLines`: how many of each build's last log lines are kept for failure reports. */
  constructor(private readonly keepLines = 50) {}

  apply(event: NixEvent): void {
    switch (event.action) {
      case 'msg':
        if (event.level === LogLevel.Error) this.errors.push({ text: event.text, file: event.file, line: event.line });
        else if (event.level === LogLevel.Warn) this.warnings.push(event.text.replace(/^warning: /, ''));
        return;
      case 'text':
        pushBounded(this.text, event.text, this.keepLines);
        return;
      case 'start':
        return this.start(event.id, event.type, event.fields);
      case 'stop':
        return this.stop(event.id);
      case 'result':
        return this.result(event.id, event.type, event.fields);
    }
  }

  /** Aggregate counts over all activities of one type, live and finished. */
  counts(type: number): Counts {
    const t = this.total(type);
    const c: Counts = { done: t.done, expected: t.done, running: 0, failed: t.failed };
    for (const a of this.activities.values()) {
      if (a.type !== type) continue;
      c.done += a.done;
      c.expected += a.expected;
      c.running += a.running;
      c.failed += a.failed;
    }
    c.expected = Math.max(c.expected, t.expected);
    return c;
  }

  /** Derivations building right now, oldest first, with their phase when the builder reports one. */
  building(): { drvPath: string; phase: string | null }[] {
    const out: { drvPath: string; phase: string | null }[] = [];
    for (const a of this.activities.values()) {
      if (a.type === ActivityType.Build && a.drvPath) out.push({ drvPath: a.drvPath, phase: a.phase });
    }
    return out;
  }

  /** The derivation a live build activity builds. */
  drvOf(activityId: number): string | null {
    return this.activities.get(activityId)?.drvPath ?? null;
  }

  /** The last log lines of a derivation's build (empty if nix streamed none). */
  logOf(drvPath: string): readonly string[] {
    return this.logs.get(drvPath) ?? [];
  }

  private start(id: number, type: number, fields: Field[]): void {
    const drvPath = type === ActivityType.Build && typeof fields[0] === 'string' ? fields[0] : null;
    if (drvPath) this.started.push(drvPath);
    this.activities.set(id, {
      type, drvPath, phase: null, done: 0, expected: 0, running: 0, failed: 0, expectedByType: new Map(),
    });
  }

  private stop(id: number): void {
    const a = this.activities.get(id);
    if (!a) return;
    const t = this.total(a.type);
    t.done += a.done;
    t.failed += a.failed;
    for (const [type, n] of a.expectedByType) this.total(type).expected -= n;
    this.activities.delete(id);
  }

  private result(id: number, type: number, fields: Field[]): void {
    const a = this.activities.get(id);
    if (type === ResultType.BuildLogLine || type === ResultType.PostBuildLogLine) {
      const drv = a?.drvPath ?? '';
      const lines = this.logs.get(drv) ?? [];
      pushBounded(lines, String(fields[0] ?? ''), this.keepLines);
      this.logs.set(drv, lines);
      return;
    }
    if (!a) return;
    const n = (i: number): number => (typeof fields[i] === 'number' ? (fields[i] as number) : 0);
    if (type === ResultType.Progress) {
      a.done = n(0);
      a.expected = n(1);
      a.running = n(2);
      a.failed = n(3);
    } else if (type === ResultType.SetExpected) {
      const of = n(0);
      this.total(of).expected += n(1) - (a.expectedByType.get(of) ?? 0);
      a.expectedByType.set(of, n(1));
    } else if (type === ResultType.SetPhase) {
      a.phase = String(fields[0] ?? '') || null;
    }
  }

  private total(type: number): TypeTotals {
    let t = this.totals.get(type);
    if (!t) this.totals.set(type, (t = { done: 0, failed: 0, expected: 0 }));
    return t;
  }
}

function pushBounded(list: string[], item: string, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
