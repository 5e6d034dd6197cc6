// lib/ in the generated tree is modules/ and images/ with a header: nothing else, nothing
// left out, content unchanged below the header, scripts still starting with their #! line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitTree, isSpectrumOwned } from '../../../cli/emit/index.js';
import { smallTopology } from './topologies.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)]));
}

describe('library copies', () => {
  const lib = new Map([...emitTree(smallTopology())].filter(([path]) => path.startsWith('lib/')));

  it('are exactly the files of modules/ and images/', () => {
    const originals = [...listFiles('modules'), ...listFiles('images')].map((f) => `lib/${f}`).sort();
    expect(originals.length).toBeGreaterThan(0);
    expect([...lib.keys()]).toEqual(originals);
  });

  it('carry the header, after the #! line of scripts, and the original content below it', () => {
    for (const [path, content] of lib) {
      const original = readFileSync(path.slice('lib/'.length), 'utf8');
      expect(isSpectrumOwned(content), path).toBe(true);
      const header = `# Copied by spectrum from ${path.slice(4)}. Do not edit:\n# regenerate with \`spectrum generate\`.\n`;
      if (original.startsWith('#!')) {
        const eol = original.indexOf('\n') + 1;
        expect(content, path).toBe(original.slice(0, eol) + header + original.slice(eol));
      } else {
        expect(content, path).toBe(header + original);
      }
    }
  });
});
