// Mutated topologies never crash the front of the pipeline: each gives a topology or
// diagnostics whose positions lie inside the file, and prints without raw control bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../cli/diagnostics-print.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import { CASES_DIR, REPO } from '../check/fixtures.js';
import { MUTATIONS, mutate, random } from './mutate.js';

const BASES = ['valid-full', 'start-cycle', 'hostile-strings'];
const SYNTAXES = ['nix', 'yaml', 'json'] as const;
const PER_BASE = 40;

function checkBytes(bytes: Uint8Array, file: string): void {
  const checked = checkLoaded(parseTopology(bytes, file), file);
  const lines = checked.text.split('\n');
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  expect(checked.topology === null, 'topology is null exactly when there are errors').toBe(errors.length > 0);
  for (const d of checked.diagnostics) {
    expect(d.code).toMatch(/^SP\d{4}$/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.span.file).toBe(file);
    expect(d.span.line).toBeGreaterThanOrEqual(1);
    expect(d.span.line).toBeLessThanOrEqual(lines.length + 1);
    expect(d.span.column).toBeGreaterThanOrEqual(1);
    expect(d.span.column).toBeLessThanOrEqual((lines[d.span.line - 1] ?? '').length + 1);
    expect(d.span.length).toBeGreaterThanOrEqual(1);
    expect(formatDiagnostic(d, checked.text)).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  }
}

describe.each(SYNTAXES)('fuzzed %s topologies', (syntax) => {
  const file = `fuzz/topology.${syntax}`;
  const cases = BASES.flatMap((base) => {
    const input = readFileSync(join(CASES_DIR, base, `topology.${syntax}`));
    return Array.from({ length: PER_BASE }, (_, i) => ({ base, seed: i + 1, input }));
  });

  it.each(cases.map((c) => [`${c.base} seed ${c.seed}`, c] as const))('%s', (_, { input, seed }) => {
    const rnd = random(seed * 7919 + syntax.length);
    let bytes: Uint8Array = input;
    // One to three mutations stacked: most files break in one place, some in several.
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) bytes = mutate(bytes, MUTATIONS[Math.floor(rnd() * MUTATIONS.length)], rnd);
    checkBytes(bytes, file);
  });

  // A description longer than the build can carry is refused (SP2019) after loading it whole;
  // one of the longest allowed length carries through exactly.
  it.each([
    ['a 10 MB value, refused', 10_000, ['SP2019']],
    ['the longest value allowed, exactly', 4, []],
  ] as const)('handles %s', (_, lines, codes) => {
    const big = `${'x'.repeat(1000)}a"b\${c}\\d\n`.repeat(lines).slice(0, lines === 4 ? 4096 : undefined);
    const value = { name: 'big', vms: { notes: { description: big } } };
    const text = {
      json: JSON.stringify(value),
      yaml: `name: big\nvms:\n  notes:\n    description: ${JSON.stringify(big)}\n`,
      nix: `{ name = "big"; vms = { notes = { description = "${big.replace(/[\\"]/g, '\\$&').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n')}"; }; }; }`,
    }[syntax];
    const checked = checkLoaded(parseTopology(text, file), file);
    expect(checked.diagnostics.map((d) => d.code)).toEqual(codes);
    if (codes.length === 0) expect(checked.topology!.vms[0].description === big).toBe(true);
  });
});

describe('fuzz bases', () => {
  it('are valid topologies or fail only in validation, so mutations start from meaningful input', () => {
    for (const syntax of SYNTAXES) {
      const file = join(REPO, 'test/fixtures/check/valid-full', `topology.${syntax}`);
      expect(checkLoaded(parseTopology(readFileSync(file), file), file).diagnostics).toEqual([]);
    }
  });
});
