// Shows a running nix build. On a terminal: one status line redrawn in place (what is
// building, N/M derivations, bytes copied and downloaded, elapsed time). Elsewhere (pipes,
// CI logs): one plain line per derivation started, nothing redrawn.
import { ActivityType, ResultType, storePathName, type NixEvent } from './log.js';
import type { BuildState } from './log-state.js';
import { LiveLine } from '../output/live-line.js';
import { term } from '../output/term.js';
import { duration, mib } from '../output/units.js';

export interface ProgressOptions {
  /** Redraw a status line in place (a terminal) or print plain lines. */
  live: boolean;
  /** Also print every build log line, prefixed with the derivation name. */
  buildLogs: boolean;
  /** Terminal width for the status line (0 or absent: 80, as when a pty reports no size). */
  columns?: number;
  now?: () => number;
}

const REDRAW_MS = 100;

/** The status line for a terminal: counts first (they matter most), then what runs now. */
export function statusLine(state: BuildState, elapsedMs: number, columns: number): string {
  const builds = state.counts(ActivityType.Builds);
  const copies = state.counts(ActivityType.CopyPaths);
  const copied = state.counts(ActivityType.CopyPath);
  const fetched = state.counts(ActivityType.FileTransfer);
  const parts = [`${builds.done}/${builds.expected} built`];
  if (copies.expected > 0) {
    const bytes = copied.expected > 0 ? ` (${mib(copied.done)}/${mib(copied.expected)} MiB)` : '';
    parts.push(`${copies.done}/${copies.expected} copied${bytes}`);
  }
  if (fetched.expected > 0) parts.push(`${mib(fetched.done)}/${mib(fetched.expected)} MiB DL`);
  if (builds.failed > 0) parts.push(`${builds.failed} failed`);
  const now = state.building().map((b) => storePathName(b.drvPath) + (b.phase ? ` (${b.phase})` : ''));
  const doing = now.length > 0 ? ` building ${now.join(', ')}` : '';
  return fit(`[${parts.join(', ')}]${doing}`, columns - 8) + ` ${duration(Math.floor(elapsedMs / 1000))}`;
}

/** The plain line for a derivation that started building, or null for other events. */
export function plainLine(event: NixEvent, state: BuildState): string | null {
  if (event.action !== 'start' || event.type !== ActivityType.Build) return null;
  const builds = state.counts(ActivityType.Builds);
  const n = state.started.length;
  return `building ${storePathName(String(event.fields[0]))} (${n}/${Math.max(builds.expected, n)})`;
}

export class Progress {
  private readonly start: number;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | undefined;
  private state: BuildState | undefined;
  private readonly line: LiveLine;

  constructor(out: NodeJS.WritableStream, private readonly opts: ProgressOptions) {
    this.line = new LiveLine(out);
    this.start = this.now();
    // Keeps the clock moving while a long build prints nothing.
    if (opts.live) this.timer = setInterval(() => this.redraw(), 1000).unref();
  }

  update(event: NixEvent, state: BuildState): void {
    this.state = state;
    const line = this.lineFor(event, state);
    if (line !== null) this.line.print(term`${line}`);
    if (this.opts.live && (line !== null || this.now() - this.lastDraw >= REDRAW_MS)) this.redraw();
  }

  /** Removes the status line; call before printing anything else. */
  stop(): void {
    clearInterval(this.timer);
    this.line.clear();
  }

  private lineFor(event: NixEvent, state: BuildState): string | null {
    if (event.action === 'msg' && event.level === 1) return event.text;
    if (this.opts.buildLogs && event.action === 'result' && event.type === ResultType.BuildLogLine) {
      const drv = state.drvOf(event.id);
      return `${drv ? storePathName(drv) : 'nix'}> ${String(event.fields[0] ?? '')}`;
    }
    return this.opts.live ? null : plainLine(event, state);
  }

  private redraw(): void {
    if (!this.state) return;
    this.lastDraw = this.now();
    this.line.draw(term`${statusLine(this.state, this.lastDraw - this.start, this.opts.columns || 80)}`);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
