// Every rule in every syntax, with exact positions: each case's diagnostics, rendered as
// `spectrum check` prints them, must match expected.<syntax>.txt.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, summarize } from '../../../cli/diagnostics-print.js';
import { CODES } from '../../../cli/topology/validate/codes.js';
import { expectGolden } from './golden.js';
import { CASES_DIR, caseFiles, caseNames, checkFile } from './fixtures.js';
import { readFileSync } from 'node:fs';

const render = (checked: ReturnType<typeof checkFile>): string =>
  checked.diagnostics.map((d) => formatDiagnostic(d, checked.text)).join('\n') + `-- ${summarize(checked.diagnostics)}\n`;

const cases = caseNames();

describe.each(cases)('check fixture %s', (name) => {
  const files = caseFiles(name);
  const results = files.map((f) => ({ ...f, checked: checkFile(f.path, f.file) }));

  it('exists in all three syntaxes', () => {
    expect(files.map((f) => f.syntax)).toEqual(['nix', 'yaml', 'json']);
  });

  it.each(results.map((r) => [r.syntax, r] as const))('%s diagnostics match the golden file', (syntax, r) => {
    expectGolden(join(CASES_DIR, name, `expected.${syntax}.txt`), render(r.checked));
  });

  it('means the same in every syntax', () => {
    const meaning = results.map((r) =>
      r.checked.diagnostics
        .map((d) => `${d.severity} ${d.code} ${d.message} | ${d.hint}`.replace(/line \d+, column \d+/g, 'line L, column C'))
        .sort(),
    );
    for (const m of meaning.slice(1)) expect(m).toEqual(meaning[0]);
  });

  it('resolves exactly when it has no errors, to the same topology in every syntax', () => {
    const resolved = results.map((r) => r.checked.topology && { ...r.checked.topology, source: '' });
    for (const r of results) {
      expect(r.checked.topology === null).toBe(r.checked.diagnostics.some((d) => d.severity === 'error'));
    }
    for (const t of resolved.slice(1)) expect(t).toEqual(resolved[0]);
    if (resolved[0]) expectGolden(join(CASES_DIR, name, 'resolved.json'), `${JSON.stringify(resolved[0], null, 2)}\n`);
  });
});

describe('check fixtures', () => {
  it('cover every validation code in every syntax', () => {
    for (const syntax of ['nix', 'yaml', 'json']) {
      const seen = new Set(
        cases.flatMap((name) => {
          const text = readFileSync(join(CASES_DIR, name, `expected.${syntax}.txt`), 'utf8');
          return [...text.matchAll(/\[(SP2\d{3})\]/g)].map((m) => m[1]);
        }),
      );
      expect([...Object.values(CODES)].filter((c) => !seen.has(c)), `codes never produced by a ${syntax} fixture`).toEqual([]);
    }
  });
});
