// Memory sizes: a whole number of MiB, or a string with a binary unit ("512M", "2G").
import { MAX_MEMORY_MIB } from './fields.js';
import type { Problem } from './formats.js';
import { quote } from '../../output/quote.js';

const UNIT_KIB: Record<string, number> = { K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3 };
export const SIZE_PATTERN = '^([0-9]+)([KMGT])(iB)?$';
const FORM = new RegExp(SIZE_PATTERN);

const problem = (message: string, hint: string): { problem: Problem } => ({ problem: { message, hint } });

function fromMiB(mib: number, shown: string): { mib: number } | { problem: Problem } {
  if (mib <= 0) return problem(`memory ${shown} is not positive`, 'give at least 1 MiB, e.g. "512M"');
  if (mib > MAX_MEMORY_MIB) {
    return problem(`memory ${shown} is more than 16 TiB`, 'memory is in MiB when written as a number; e.g. 2048 or "2G"');
  }
  return { mib };
}

function fromString(text: string): { mib: number } | { problem: Problem } {
  const shown = quote(text);
  const m = FORM.exec(text);
  if (!m) {
    const loose = /^\s*(-?)([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*$/.exec(text);
    if (!loose) return problem(`memory ${shown} is not a size`, 'write a whole number of MiB, or a string like "512M" or "2G"');
    const [, sign, amount, unit] = loose;
    const upper = unit.toUpperCase().replace(/I?B$/, '');
    if (sign) return problem(`memory ${shown} is negative`, 'give a positive size, e.g. "512M"');
    if (unit !== '' && !(upper in UNIT_KIB)) {
      return problem(`memory ${shown} has an unknown unit`, 'use K, M, G or T (binary units), e.g. "512M"');
    }
    if (amount.includes('.')) {
      const mib = (Number(amount) * UNIT_KIB[upper || 'M']) / 1024;
      const exact = Number.isInteger(mib) && mib > 0 ? `: write "${mib}M"` : '';
      return problem(`memory ${shown} is not a whole number`, `sizes are whole numbers of a unit${exact}`);
    }
    if (unit === '') return problem(`memory ${shown} has no unit`, `write ${amount} as a number (MiB) or add a unit, e.g. "${amount}M"`);
    if (/B$/.test(unit) && !/iB$/.test(unit)) {
      return problem(`memory ${shown} uses a decimal unit`, `sizes are binary: write "${amount}${upper}" or "${amount}${upper}iB"`);
    }
    return problem(`memory ${shown} is not a size`, `write "${amount}${upper}": no spaces, upper-case unit`);
  }
  const kib = Number(m[1]) * UNIT_KIB[m[2]];
  const mib = kib / 1024;
  if (kib > 0 && !Number.isInteger(mib)) {
    return problem(`memory ${shown} is not a whole number of MiB`, `round it to "${Math.max(1, Math.round(mib))}M"`);
  }
  return fromMiB(mib, shown);
}

/** MiB, or why the value is not a size. */
export function parseSize(value: number | string): { mib: number } | { problem: Problem } {
  if (typeof value === 'string') return fromString(value);
  if (!Number.isFinite(value)) return problem(`memory ${value} is not a size`, 'write a whole number of MiB, e.g. 2048');
  if (!Number.isInteger(value)) {
    return problem(`memory ${value} is not a whole number of MiB`, `write a whole number, e.g. ${Math.max(1, Math.round(value))}`);
  }
  return fromMiB(value, String(value));
}
