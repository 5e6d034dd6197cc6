// Every generated .nix file, the library copies included, must parse both with the grammar
// editors use (tree-sitter-nix) and with Nix itself.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitTree } from '../../../cli/emit/index.js';
import { loadTopology } from '../../../cli/topology/pipeline.js';
import { listCases } from './examples.js';
import { nixInstantiate, treeSitterProblems } from './nix-tools.js';

const work = mkdtempSync(join(tmpdir(), 'spectrum-parse-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(listCases())('$name', (example) => {
  it('generates .nix files that tree-sitter-nix and nix-instantiate --parse accept', async () => {
    const { topology } = await loadTopology(example.primary);
    const files = [...emitTree(topology!)].filter(([path]) => path.endsWith('.nix'));
    expect(files.length).toBeGreaterThan(5);
    const dir = join(work, example.name);
    for (const [path, content] of files) {
      expect(treeSitterProblems(content), path).toEqual([]);
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    // One nix-instantiate for all files: --parse reads each file given.
    const parsed = nixInstantiate(['--parse', ...files.map(([path]) => join(dir, path))]);
    expect(parsed.length).toBeGreaterThan(0);
  });
});
