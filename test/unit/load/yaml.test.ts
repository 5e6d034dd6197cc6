// The YAML loader: syntax errors with positions, and the YAML features a topology must
// not silently misread (several documents, duplicate keys, odd tags, aliases).
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { at, entry, plain, where } from './helpers.js';

// [source, code@line:col of each diagnostic, words the first message must contain]
const PROBLEMS: [string, string[], string][] = [
  ['a: 1\nb: [1, 2\nc: 3\n', ['SP1003@3:1'], 'flow sequence'],
  ['a: 1\nb:\n\t- 1\n', ['SP1003@3:1'], 'tabs'],
  ['a: b: c\n', ['SP1003@1:4'], 'nested mappings'],
  ['a: [1, 2]]\n', ['SP1003@1:10'], ']'],
  ['vms:\n  - b\n  c: 1\n', ['SP1003@3:3'], 'same column'],
  ['a: 1\n---\nb: 2\n', ['SP1011@2:1'], 'more than one YAML document'],
  ['name: x\nvms: {}\nname: y\n', ['SP1006@3:1'], 'duplicate key "name"'],
  ['x: {a: 1, a: 2}\n', ['SP1006@1:11'], 'duplicate key "a"'],
  ['a: .inf\n', ['SP1015@1:4'], 'infinite'],
  ['a: 123456789012345678901234\n', ['SP1015@1:4'], 'too large'],
  ['? [a]\n: 1\n', ['SP1012@1:3'], 'a key must be a plain string'],
  ['a: &x [1, *x]\n', ['SP1012@1:11'], 'refers to a value that contains it'],
  ['a: *nope\n', ['SP1003@1:4'], 'nope'],
  ['base: &b {memory: 1G}\nvms:\n  x:\n    <<: *b\n', ['SP1012@4:5'], 'merge keys (<<) are not supported'],
  ['vms:\n  x:\n    <<: {memory: 1G}\n', ['SP1012@3:5'], 'merge keys (<<) are not supported'],
  ['', ['SP1005@1:1'], 'empty'],
  ['# only a comment\n', ['SP1005@1:1'], 'empty'],
];

describe('YAML loader', () => {
  it.each(PROBLEMS)('%j', (source, expected, words) => {
    const d = parseTopology(source, 'topology.yaml').diagnostics;
    expect(where(d)).toEqual(expected);
    expect(d[0]!.message).toContain(words);
    expect(d[0]!.severity).toBe('error');
  });

  it('warns about tags it cannot resolve and reads the value as a string', () => {
    const result = parseTopology('a: !secret x\n', 'topology.yml');
    expect(where(result.diagnostics)).toEqual(['SP1014@1:4']);
    expect(result.diagnostics[0]!.severity).toBe('warning');
    expect(plain(result.root)).toEqual({ a: 'x' });
  });

  it('expands aliases and points them at the place they are used', () => {
    const result = parseTopology('base: &b {memory: 1G}\nvms:\n  one: *b\n', 'topology.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(plain(result.root)).toEqual({ base: { memory: '1G' }, vms: { one: { memory: '1G' } } });
    expect(at(result.root, 'vms', 'one').span).toMatchObject({ line: 3, column: 8 });
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let k = 1; k < 9; k++) lines.push(`a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]`);
    const d = parseTopology(lines.join('\n'), 'topology.yaml').diagnostics;
    expect(d.map((x) => x.code)).toContain('SP1013');
  });

  it('reads scalars by YAML 1.2 core rules: yes/no/on/off stay strings', () => {
    const result = parseTopology('a: yes\nb: off\nc: true\nd: ~\ne: 0x10\nf: "0000:00:1f.6"\ng: 0000:00:1f.6\nh: 2G\n', 'topology.yaml');
    expect(plain(result.root)).toEqual({ a: 'yes', b: 'off', c: true, d: null, e: 16, f: '0000:00:1f.6', g: '0000:00:1f.6', h: '2G' });
  });

  it('gives keys and values their own spans, block and flow', () => {
    const result = parseTopology('vms:\n  browser: {memory: 2G, vcpus: 2}\n', 'topology.yaml');
    const memory = entry(result.root, 'vms', 'browser', 'memory');
    expect(memory.keySpan).toMatchObject({ line: 2, column: 13, length: 6 });
    expect(memory.value.span).toMatchObject({ line: 2, column: 21, length: 2 });
    expect(entry(result.root, 'vms', 'browser').keySpan).toMatchObject({ line: 2, column: 3, length: 7 });
  });
});
