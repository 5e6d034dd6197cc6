// Ctrl-C (and SIGTERM) during a flash must not kill the process mid-write: the writer stops
// between blocks, syncs and reports. This turns the signals into an AbortSignal while armed.

export interface Interrupt {
  signal: AbortSignal;
  /** The signal that arrived, e.g. SIGINT, or null. */
  received(): NodeJS.Signals | null;
  /** Shell convention: 128 + signal number (130 for Ctrl-C). */
  exitCode(): number;
  disarm(): void;
}

const NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

export function armInterrupt(onSignal: (name: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  let got: NodeJS.Signals | null = null;
  const handler = (name: NodeJS.Signals): void => {
    if (got) return;
    got = name;
    onSignal(name);
    controller.abort();
  };
  const signals = Object.keys(NUMBERS) as NodeJS.Signals[];
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    received: () => got,
    exitCode: () => 128 + (got ? NUMBERS[got]! : 0),
    disarm: () => signals.forEach((s) => process.off(s, handler)),
  };
}
