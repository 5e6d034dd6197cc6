// The JSON loader: exact positions for every kind of mistake, and agreement with
// JSON.parse on what is valid (checked on generated and mutated documents).
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { plain, where } from './helpers.js';

// [source, code@line:col, words the message must contain]
const ERRORS: [string, string, string][] = [
  ['{"a": [1, 2,]}', 'SP1003@1:12', 'trailing comma before `]`'],
  ['{\n  "a": 1,\n}', 'SP1003@2:9', 'trailing comma before `}`'],
  ['{"a": 1 "b": 2}', 'SP1003@1:9', 'expected `,` or `}` after the value of "a"'],
  ['{"a" 1}', 'SP1003@1:6', 'expected `:` after the key "a"'],
  ['{a: 1}', 'SP1003@1:2', 'expected a key in double quotes, found `a`'],
  ["{'a': 1}", 'SP1003@1:2', 'expected a key in double quotes'],
  ['{"a": "x\ny"}', 'SP1003@1:7', 'unterminated string: the line ends'],
  ['{\n  "a": "abc', 'SP1003@2:8', 'unterminated string: the file ends'],
  ['{"a": [1, {"b": 2}', 'SP1003@1:19', 'the file ends before the list opened at 1:7 is closed'],
  ['{\n  "a": {\n    "b": 1\n', 'SP1003@3:11', 'the file ends before the object opened at 2:8 is closed'],
  ['{"a": 1} x', 'SP1003@1:10', 'after the end of the top-level value'],
  ['// comment\n{}', 'SP1003@1:1', 'comments are not allowed in JSON'],
  ['{"a": /* c */ 1}', 'SP1003@1:7', 'comments are not allowed in JSON'],
  ['{"a": "\\x"}', 'SP1003@1:8', 'invalid escape `\\x`'],
  ['{"a": "\\u12"}', 'SP1003@1:8', 'four hex digits'],
  ['{"a": "\\ud800"}', 'SP1003@1:8', 'surrogate'],
  ['{"a": "\t"}', 'SP1003@1:8', 'control character U+0009'],
  ['{"a": 01}', 'SP1003@1:7', 'leading zeros'],
  ['{"a": 1.}', 'SP1003@1:7', '`1.` is not a valid JSON number'],
  ['{"a": .5}', 'SP1003@1:7', 'expected a value, found `.`'],
  ['{"a": NaN}', 'SP1003@1:7', 'found `NaN`'],
  ['{"a": tru}', 'SP1003@1:7', 'found `tru`'],
  ['{"a": 1e400}', 'SP1015@1:7', 'too large'],
  ['{"a": 12345678901234567890}', 'SP1015@1:7', 'too large'],
  ['', 'SP1005@1:1', 'empty'],
  ['  \n\n', 'SP1005@1:1', 'empty'],
  ['{"a": 1, "a": 2}', 'SP1006@1:10', 'duplicate key "a"'],
  ['{"😀": 1, "x": @}', 'SP1003@1:16', 'found `@`'],
];

describe('JSON loader', () => {
  it.each(ERRORS)('%j', (source, expected, words) => {
    const d = parseTopology(source, 'topology.json').diagnostics;
    expect(where(d)).toEqual([expected]);
    expect(d[0]!.message).toContain(words);
  });

  it('decodes escapes and keeps hostile strings exactly', () => {
    const value = { a: '\ud83d\ude00 é / \b\f\n\r\t "q" \\ ${x} \'\' \u0000', '__proto__': 1, '': [true, false, null, -0.5, 1e-7] };
    const result = parseTopology(JSON.stringify(value, null, 2), 'topology.json');
    expect(result.diagnostics).toEqual([]);
    expect(JSON.stringify(plain(result.root))).toBe(JSON.stringify(value));
  });

  it('agrees with JSON.parse on generated documents and on their mutations', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
    const gen = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.4) return pick(['x', 'é😀"\\\n', 1, -2.5e3, 0, true, false, null, '']);
      if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, k) => [`k${k}`, gen(depth + 1)]));
    };
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '1', '-', '.', 'e', 't', 'n', '/'];
    let compared = 0;
    for (let k = 0; k < 400; k++) {
      const text = JSON.stringify(gen(0), null, k % 2 ? 1 : undefined);
      const at = Math.floor(next() * (text.length + 1));
      const mutated = k % 4 === 0 ? text
        : k % 4 === 1 ? text.slice(0, at) + text.slice(at + 1)
        : k % 4 === 2 ? text.slice(0, at) + pick(alphabet) + text.slice(at)
        : text.slice(0, at);
      let expected: unknown;
      try {
        expected = JSON.parse(mutated);
      } catch {
        expected = undefined;
      }
      const result = parseTopology(mutated, 'topology.json');
      if (expected === undefined) {
        expect(result.diagnostics.some((d) => d.severity === 'error'), mutated).toBe(true);
      } else if (!result.diagnostics.some((d) => d.code === 'SP1006')) {
        expect(result.diagnostics, mutated).toEqual([]);
        expect(plain(result.root), mutated).toEqual(expected);
      }
      for (const d of result.diagnostics) {
        expect(d.span.line, mutated).toBeGreaterThanOrEqual(1);
        expect(d.span.column, mutated).toBeGreaterThanOrEqual(1);
      }
      compared++;
    }
    expect(compared).toBe(400);
  });
});
