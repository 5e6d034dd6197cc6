// tree-sitter parses .nix files with the bodies of strings without interpolation masked
// (cli/topology/load/nix/mask.ts), and escapes decode into one buffer: escape-dense
// megabyte strings load in linear time. These check that nothing a file means changes.
import { describe, expect, it } from 'vitest';
import { maskStringBodies } from '../../../cli/topology/load/nix/mask.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { plain, where } from './helpers.js';

const load = (source: string) => parseTopology(source, 'topology.nix');

describe('escape-dense strings', () => {
  it('decodes a 1.5 MB string with an escape every two characters exactly', () => {
    const pieces = ['a\\n', 'b\\"', 'c\\\\', 'd\\${', 'e\\t', 'é\\r', '😀\\q', 'f$$', 'g\r\n'];
    const meaning = ['a\n', 'b"', 'c\\', 'd${', 'e\t', 'é\r', '😀q', 'f$$', 'g\n'];
    const repeats = 60_000;
    const result = load(`{ s = "${pieces.join('').repeat(repeats)}"; t = "after"; }\n`);
    expect(result.diagnostics).toEqual([]);
    const value = plain(result.root) as { s: string; t: string };
    expect(value.s.length).toBe(meaning.join('').length * repeats);
    expect(value.s === meaning.join('').repeat(repeats)).toBe(true);
    expect(value.t).toBe('after');
  });
});

describe('masking string bodies', () => {
  it('keeps offsets, lines and everything outside the masked bodies', () => {
    const source = '{ a = "x\\"\ny"; b = \'\'\n  p\'\'\\q\n\'\'; c = "${d}"; }';
    const masked = maskStringBodies(source);
    expect(masked.length).toBe(source.length);
    expect(masked).toBe('{ a = "aaa\na"; b = \'\'\naaaaaaa\n\'\'; c = "${d}"; }');
  });

  it('reads the same values as the unmasked file', () => {
    const source = [
      '{',
      "  u = http://example.org/a''b;   # a URI may hold quotes",
      '  q = "say \\"hi\\" ${"$"}";',
      "  x' = \"after an identifier with a quote\";",
      "  i = ''\n    one ''${literal} ''\\t\n  '';",
      '  "k\\"ey" = "v"; /* "not a string */',
      '}',
    ].join('\n');
    // `${"$"}` makes q non-literal; without it the rest must read exactly.
    expect(load(source).diagnostics.map((d) => d.code)).toEqual(['SP1008']);
    const literal = source.replace(' ${"$"}', '');
    const result = load(literal);
    expect(result.diagnostics).toEqual([]);
    expect(plain(result.root)).toEqual({
      u: "http://example.org/a''b",
      q: 'say "hi"',
      "x'": 'after an identifier with a quote',
      i: 'one ${literal} \t\n',
      'k"ey': 'v',
    });
  });

  it('finds interpolations after escapes and inside interpolated strings', () => {
    expect(load('{ s = "a\\\\${b}"; }').diagnostics[0]?.message).toMatch(/interpolation/);
    expect(load('{ s = "a${"b\\"c}"}d"; }').diagnostics[0]?.message).toMatch(/interpolation/);
    // In an indented string only `''\` escapes: `''\${` is literal, a lone `\${` interpolates.
    expect(load("{ s = ''a''\\${b}''; }").diagnostics).toEqual([]);
    expect(load("{ s = ''a\\${b}''; }").diagnostics[0]?.message).toMatch(/interpolation/);
  });

  it('names attributes in syntax errors from the file, not from the masked text', () => {
    const result = load('{ "a\\"b" = 1\n  c = 2; }');
    expect(where(result.diagnostics)).toEqual(['SP1003@1:13']);
    expect(result.diagnostics[0]!.message).toBe('missing `;` after the value of `"a\\"b"`');
  });
});
