// Shows an argv with its build-output references as `<name>`, so expected command lines in
// tests read like the shell command they become.
import type { Arg } from '../../../vmm/types.js';

export const render = (argv: readonly Arg[]): string[] =>
  argv.map((a) => (typeof a === 'string' ? a : `${a.prefix ?? ''}<${a.ref}>${a.suffix ?? ''}`));
