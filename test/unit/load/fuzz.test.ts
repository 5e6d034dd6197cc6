// Mutated topologies in every syntax: loading never throws, a missing tree always comes
// with an error, and every diagnostic points inside the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';

const dir = join(import.meta.dirname, '../../../examples/default');
const PIECES = ['{', '}', '[', ']', '(', ')', ';', ',', ':', '=', '"', "'", "''", '${', '\\', '#', '/*', '\n', ' ', '-', '.', 'x', '1',
  'let ', '&a ', '*a', '!', '|', '\u0000', '😀', '\r'];

describe.each(['topology.nix', 'topology.yaml', 'topology.json'])('%s mutated', (name) => {
  it('never throws, and every problem has a position in the file', () => {
    const original = readFileSync(join(dir, name), 'utf8');
    let seed = name.length * 7919;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 300; k++) {
      let text = original;
      for (let m = 0; m <= k % 3; m++) {
        const at = Math.floor(next() * text.length);
        const piece = PIECES[Math.floor(next() * PIECES.length)]!;
        text = k % 2 ? text.slice(0, at) + piece + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
      }
      const result = parseTopology(text, name);
      const lines = text.split('\n');
      if (result.root === null) expect(result.diagnostics.some((d) => d.severity === 'error'), text).toBe(true);
      for (const d of result.diagnostics) {
        expect(d.code, text).toMatch(/^SP1\d{3}$/);
        expect(d.span.line, text).toBeGreaterThanOrEqual(1);
        expect(d.span.line, text).toBeLessThanOrEqual(lines.length);
        expect(d.span.column, text).toBeGreaterThanOrEqual(1);
        expect(d.span.column, text).toBeLessThanOrEqual(lines[d.span.line - 1]!.length + 1);
        expect(d.span.length, text).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
