// Progress of a long phase: a redrawn bar on a terminal, a line every few seconds otherwise
// (logs, CI), so neither floods nor stays silent.
import { LiveLine } from '../output/live-line.js';
import { bytes, duration, rate } from '../output/units.js';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  update(done: number): void;
  /** Ends the phase; the bar is replaced by a final line. */
  end(done: number): void;
}

const TTY_EVERY_MS = 200;
const LINE_EVERY_MS = 5000;
const BAR_WIDTH = 24;

export function startProgress(out: ProgressOutput, label: string, total: number, now: () => number = Date.now): Progress {
  const started = now();
  let lastShown = started;
  const line = new LiveLine(out);
  const render = (done: number): string => {
    const seconds = (now() - started) / 1000;
    const speed = seconds > 0 ? done / seconds : 0;
    const eta = speed > 0 && done < total ? ` ETA ${duration((total - done) / speed)}` : '';
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    return `${label} ${bytes(done)} / ${bytes(total)} (${pct}%) ${rate(done, seconds)}${eta}`;
  };
  const bar = (done: number): string => {
    const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
    return `[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] `;
  };
  return {
    update(done) {
      const t = now();
      if (t - lastShown < (out.isTTY ? TTY_EVERY_MS : LINE_EVERY_MS)) return;
      lastShown = t;
      if (out.isTTY) line.draw(`${bar(done)}${render(done)}`);
      else line.print(render(done));
    },
    end(done) {
      line.print(render(done));
    },
  };
}
