// Each example topology (examples/<name>/) and each test/fixtures/generate/<case>/input/ ->
// the expected generated tree in test/fixtures/generate/<name or case>/expected/. After an intended change, update them with
//   UPDATE_GOLDEN=1 npx vitest run test/unit/emit
// and review the diff. lib/ is left out: it is a copy of modules/ and images/, checked
// against them in library.test.ts, so editing the library does not churn fixtures.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitTree } from '../../../cli/emit/index.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import { GOLDEN_DIR, listCases } from './examples.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function readTree(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, path)).isDirectory()) for (const [p, c] of readTree(dir, path)) out.set(p, c);
    else out.set(path, readFileSync(join(dir, path), 'utf8'));
  }
  return out;
}

describe.each(listCases())('$name', (example) => {
  it('generates the expected tree', async () => {
    const { topology, diagnostics } = await loadTopology(example.primary);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const actual = new Map([...emitTree(topology!)].filter(([path]) => !path.startsWith('lib/')));
    const expectedDir = join(GOLDEN_DIR, example.name, 'expected');
    if (UPDATE) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [path, content] of actual) {
        mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
        writeFileSync(join(expectedDir, path), content);
      }
    }
    const expected = readTree(expectedDir);
    expect([...actual.keys()], 'generated file list (UPDATE_GOLDEN=1 after an intended change)').toEqual([...expected.keys()]);
    for (const [path, content] of actual) expect(content, `${path} (UPDATE_GOLDEN=1 after an intended change)`).toBe(expected.get(path));
  });
});
