import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, HARDWARE_CODES } from '../../../cli/topology/validate/codes.js';
import { REPO } from './fixtures.js';

describe('docs/diagnostics.md', () => {
  it('has one section per validation code, in order, and none for codes that do not exist', () => {
    const text = readFileSync(join(REPO, 'docs', 'diagnostics.md'), 'utf8');
    const documented = [...text.matchAll(/^## (SP\d{4}) /gm)].map((m) => m[1]);
    expect(documented).toEqual([...Object.values(CODES), ...Object.values(HARDWARE_CODES)].sort());
  });

  it('has distinct codes', () => {
    const codes = [...Object.values(CODES), ...Object.values(HARDWARE_CODES)];
    expect(new Set(codes).size).toBe(codes.length);
  });
});
