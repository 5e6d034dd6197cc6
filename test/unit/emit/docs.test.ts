// docs/generate.md shows an annotated excerpt of a generated file; every line of it, less
// the annotations, must still be in the golden file it was taken from.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('docs/generate.md quotes the generated vms/browser.nix as it is', () => {
  const doc = readFileSync('docs/generate.md', 'utf8');
  const excerpt = /## An annotated excerpt[\s\S]*?```nix\n([\s\S]*?)```/.exec(doc)![1];
  const generated = readFileSync('test/fixtures/generate/default/expected/vms/browser.nix', 'utf8').split('\n');
  const lines = excerpt
    .split('\n')
    // Annotations: a trailing `← …`, or a `# …` after code (a line that is only a comment is quoted).
    .map((line) => line.replace(/\s+← .*$/, '').replace(/^(\s*[^\s#].*?)\s{2,}# .*$/, '$1'))
    .filter((line) => line.trim() !== '' && line.trim() !== '…');
  expect(lines.length).toBeGreaterThan(15);
  for (const line of lines) expect(generated, line).toContain(line);
});
