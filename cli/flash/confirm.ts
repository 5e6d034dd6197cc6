// Showing what is about to be destroyed and getting the user to type the device's name. Typing
// a name (not answering y) makes the user read which disk they picked.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Refusal } from './refusal.js';
import type { BlockDevice } from './lsblk.js';
import { term } from '../output/term.js';
import { bytes } from '../output/units.js';

/** What the device says of itself (vendor, model, labels) is shown inert: a stick's strings are its maker's. */
export function describeDevice(d: BlockDevice): string {
  const name = [d.vendor, d.model].filter(Boolean).join(' ') || 'unknown model';
  const kind = [d.transport ?? 'transport unknown', d.removable ? 'removable' : 'fixed'].join(', ');
  const parts = d.children.map((c) => {
    const fs = [c.fstype, c.label ? `"${c.label}"` : null].filter(Boolean).join(' ');
    return term`  ${c.name.padEnd(12)} ${bytes(c.size).padStart(10)}  ${fs || '(no file system seen)'}`;
  });
  return [term`${d.path}: ${name}, ${bytes(d.size)} (${d.size} bytes), ${kind}`, ...(parts.length ? parts : ['  (no partitions)'])].join('\n');
}

export type Answer = 'confirmed' | 'interrupted' | Refusal;

export interface ConfirmIo {
  input: Readable & { isTTY?: boolean };
  output: Writable;
}

/** Asks for `expected` (a device's kernel name, or a file's name) to be typed. */
export async function confirm(expected: string, yes: boolean, io: ConfirmIo): Promise<Answer> {
  if (yes) return 'confirmed';
  if (!io.input.isTTY) {
    return {
      rule: 'no-confirmation',
      reason: 'there is no terminal to confirm on (standard input is not a TTY)',
      hint: 'pass --yes to confirm without a prompt, e.g. in a script',
    };
  }
  const rl = createInterface({ input: io.input, output: io.output, terminal: true });
  try {
    const answer = await new Promise<string | null>((resolve) => {
      rl.on('SIGINT', () => resolve(null));
      rl.on('close', () => resolve(''));
      rl.question(term`Type ${expected} to overwrite it (anything else stops): `, resolve);
    });
    if (answer === null) return 'interrupted';
    const typed = answer.trim();
    if (typed === expected || typed === `/dev/${expected}`) return 'confirmed';
    return { rule: 'not-confirmed', reason: `you typed "${typed}", not "${expected}"` };
  } finally {
    rl.close();
  }
}
