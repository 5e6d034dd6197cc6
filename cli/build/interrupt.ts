// Ctrl-C and SIGTERM during a long step: instead of dying with children still running, the
// step gets an AbortSignal, stops what it started, cleans up, and the command exits 130.

/** Runs `fn` with a signal that SIGINT and SIGTERM abort; default handling returns after. */
export async function withInterrupts<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/** The exit status of a command stopped by a signal, as shells report it (128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;
