// What several commands print the same way.
import { term } from '../output/term.js';
import { colourWanted } from '../output/colour.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether what goes to `err` may be coloured. */
  colour?: boolean;
}

/** This process's standard output and error. */
export const stdio = (): Output => ({ out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), colour: colourWanted(process.stderr) });

/** The line a command prints when it falls back to the bundled topology; `doing` is, e.g., "checking". */
export const bundledNotice = (doing: 'checking' | 'generating from' | 'drawing' | 'building', path: string): string =>
  `spectrum: no topology.nix, .yaml, .yml or .json here; ${doing} ${term`the bundled default topology ${path}`}\n`;
