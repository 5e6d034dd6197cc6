// Ctrl-C and SIGTERM during a long step: instead of dying with children still running or a
// block half written, the step gets an AbortSignal, stops what it started, cleans up and
// says so. One exit-code rule for every command: 128 + the signal's number, as shells
// report a command the signal stopped (130 for Ctrl-C, 143 for SIGTERM).

const NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
export type CaughtSignal = keyof typeof NUMBERS;
const CAUGHT = Object.keys(NUMBERS) as CaughtSignal[];

/** The exit status of a command that `signal` stopped. */
export const interruptedExit = (signal: CaughtSignal): number => 128 + NUMBERS[signal];

export interface Interrupt {
  signal: AbortSignal;
  /** The signal that arrived first, or null. */
  received(): CaughtSignal | null;
  /** The exit status of the command it stopped (asked once the signal has aborted). */
  exitCode(): number;
}

/**
 * Runs `fn` with SIGINT and SIGTERM turned into an abort of its signal; `onSignal` hears the
 * first one as it arrives. Once `fn` has returned, the process dies of either, as by default.
 */
export async function withInterrupts<T>(fn: (interrupt: Interrupt) => Promise<T>, onSignal?: (name: CaughtSignal) => void): Promise<T> {
  listenForLateSignals();
  running++;
  const controller = new AbortController();
  let got: CaughtSignal | null = null;
  // One handler per signal, each knowing its name: process.emit(name) passes none.
  const handlers = CAUGHT.map((name) => {
    const handler = (): void => {
      if (got) return;
      got = name;
      onSignal?.(name);
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  try {
    return await fn({ signal: controller.signal, received: () => got, exitCode: () => interruptedExit(got ?? 'SIGINT') });
  } finally {
    running--;
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}

let running = 0;
let lateListening = false;

/**
 * A signal the kernel delivered while `fn` ran can reach the listeners only after it has
 * returned. Were there none left then, Node would drop it and the command exit 0 though
 * stopped (found by the fault campaign); this listener, in place from the first call on,
 * dies of such a signal instead, as the default handling would.
 */
function listenForLateSignals(): void {
  if (lateListening) return;
  lateListening = true;
  const lates = CAUGHT.map((name) => {
    const late = (): void => {
      if (running > 0) return;
      process.off(name, late);
      process.kill(process.pid, name);
    };
    process.on(name, late);
    return [name, late] as const;
  });
  // Once nothing is left to do, a listener would let Node catch a signal in the last moments
  // before exit and never hand it over (exit 0 again). One more turn of the loop hands over one
  // that came meanwhile; then the default handling is back for those moments. Only a signal in
  // the microseconds between that turn's read of libuv's signal pipe and the removal is still
  // dropped: the command has written everything by then, so its exit 0 is true.
  process.once('beforeExit', () => setImmediate(() => {
    for (const [name, late] of lates) process.off(name, late);
  }));
}
