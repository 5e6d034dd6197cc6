// The fast YAML reader must never disagree with the `yaml` package: wherever it gives a
// tree, that tree (spans included) is the package's, and the package reports no problem.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Source } from '../../../cli/topology/load/source.js';
import { parseYamlWithPackage } from '../../../cli/topology/load/yaml.js';
import { fastYaml } from '../../../cli/topology/load/yaml-fast.js';

const example = readFileSync(join(import.meta.dirname, '../../../examples/default/topology.yaml'), 'utf8');

function agree(text: string): boolean {
  const src = new Source('t.yaml', text);
  const fast = fastYaml(src);
  if (fast === undefined) return false;
  const slow = parseYamlWithPackage(src);
  expect(slow.diagnostics, text).toEqual([]);
  expect(fast, text).toEqual(slow.root);
  return true;
}

const EDGES = [
  'a: 1\nb:\n  c: [x, "y", \'z\', 2.5, -3, 0x1F, 0o17, .5, 1e3, ~, null, true, False]\n',
  'list:\n- a\n- b: 1\n  c: 2\n-   d\n',
  'a:\n    b:\n        c: deep   # comment\n# full-line comment\n\nd: e\n',
  'k: {x: 1, "y": [1, 2], z: {}}\nl: []\n',
  'empty:\nnext: 1\n',
  "q: 'it''s'\nr: \"double\"\n",
  'url: http://example.org/a#b\nhash: a #comment\npci: 0000:00:1f.6\nusb: 046d:c52b\nsize: 2G\n',
  'a: yes\nb: off\nc: 1.\nd: +5\ne: -0\n',
  '  indented: root\n  second: 2\n',
  '- 1\n- [a, b]\n- {c: d}\n',
  'é😀: "ünïcode"\n',
  'a: 1 # c\n',
  'a: x:y\nb: x, y\nc: [a b, c]\n',
  // Outside the subset: the fast reader must step aside.
  'a: &x 1\nb: *x\n', 'a: !t x\n', 'a: |\n  text\n', 'a: "esc\\n"\n', '---\na: 1\n', 'a:\n  plain\n  continued\n',
  'a: 1\na: 2\n', 'a: [1,\n  2]\n', '? a\n: 1\n', 'a: .inf\n', 'a: 99999999999999999999\n', 'a:\tb\n', 'a: 1\r\n',
  'a: b: c\n', 'a:\n- b\n  c: 1\n', '', '# only\n', 'scalar\n', 'a : 1\n', 'a: {b: 1,}\n', 'a: [b,]\n',
];

describe('fast YAML reader', () => {
  it('reads the bundled example itself', () => {
    expect(agree(example)).toBe(true);
  });

  it('agrees with the yaml package on edge cases, or steps aside', () => {
    const taken = EDGES.filter((text) => agree(text));
    expect(taken.length).toBeGreaterThanOrEqual(12);
  });

  it('reads what the yaml package writes for generated topologies, in several styles', () => {
    const vms = Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`vm-${k}`, {
      role: k % 5 ? 'app' : 'net', description: `VM ${k}: 'single' #${k}`, memory: k % 2 ? '512M' : 1024,
      vcpus: k % 3 + 1, devices: k % 5 ? [] : ['0000:00:1f.6'], shares: [{ tag: 'dl', readOnly: k % 2 === 0 }], net: k % 5 ? 'vm-0' : null,
    }]));
    const topology = { name: 'gen', vmm: 'qemu', host: { kernelParams: ['a=b', 'c'] }, vms };
    for (const options of [{}, { indentSeq: false }, { indent: 4 }]) {
      expect(agree(stringify(topology, options)), JSON.stringify(options)).toBe(true);
    }
    // All-flow output spans lines, which the fast reader leaves to the package.
    expect(agree(stringify(topology, { collectionStyle: 'flow' }))).toBe(false);
  });

  it('never disagrees on mutated files', () => {
    let seed = 11;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = [' ', '\n', '-', ':', '#', '"', "'", '[', ']', '{', '}', ',', 'x', '1', '  ', '- '];
    for (let k = 0; k < 500; k++) {
      const at = Math.floor(next() * example.length);
      const text = k % 2 ? example.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + example.slice(at)
        : example.slice(0, at) + example.slice(at + 1 + Math.floor(next() * 3));
      const src = new Source('t.yaml', text);
      const fast = fastYaml(src);
      if (fast === undefined) continue;
      const slow = parseYamlWithPackage(src);
      expect(slow.diagnostics, text).toEqual([]);
      expect(fast, text).toEqual(slow.root);
    }
  });
});
