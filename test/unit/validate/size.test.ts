import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../cli/topology/language/size.js';

const mib = (v: number | string) => {
  const r = parseSize(v);
  return 'mib' in r ? r.mib : r.problem.message;
};

describe('parseSize', () => {
  it('reads whole MiB and binary units', () => {
    expect([512, '1024K', '512M', '2G', '1T', '512MiB', '2GiB', '16T'].map(mib)).toEqual([
      512, 1, 512, 2048, 1048576, 512, 2048, 16777216,
    ]);
  });

  it('rejects zero, negatives, fractions, decimal and unknown units, and absurd sizes', () => {
    const bad = [0, -1, 1.5, NaN, Infinity, '0M', '-2G', '1.5G', '2GB', '2 G', '2g', '2X', '512', '1500K', '17T', '99999999999999999999G', '', 'M'];
    for (const value of bad) expect(typeof mib(value), `${String(value)} must be rejected`).toBe('string');
  });

  it('says how to write a rejected size', () => {
    const hint = (v: number | string) => {
      const r = parseSize(v);
      return 'problem' in r ? r.problem.hint : '';
    };
    expect(hint('1.5G')).toContain('"1536M"');
    expect(hint('2GB')).toContain('"2G"');
    expect(hint('512m')).toContain('"512M"');
    expect(hint('512')).toContain('"512M"');
  });
});
