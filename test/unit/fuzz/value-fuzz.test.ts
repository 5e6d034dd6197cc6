// Value-level fuzzing: a valid topology with one to three values replaced by hostile
// strings, wrong kinds, removed or renamed keys, written in all three syntaxes. Every
// syntax must give the same diagnostics, and a valid result must carry every string
// through exactly (the resolved topologies are equal).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import { CASES_DIR } from '../check/fixtures.js';
import { random } from './mutate.js';
import { isObject, serialize, type Value } from './serialize.js';

const HOSTILE_VALUES: Value[] = [
  '${builtins.readFile /etc/shadow}', '"; rm -rf / #', "''${x}''", '\\', '\\${', 'a\nb', 'a\r\nb', '\t', '\x1b[2J',
  '\u202eevil', '😀', 'é', 'x'.repeat(10_000), '', ' ', 'sys-net', 'SYS-NET', '0000:00:1f.6', '046d:c52b', '2G',
  '1.5G', 'firefox', 'app', 'net', 'usb', 'gpu', 'qemu', 'crosvm', 0, -1, 1.5, 2 ** 31, 1e15, 2 ** 53, -(2 ** 53) - 2, true, false, null,
  [], {}, ['sys-net'], [{ tag: 'x' }], { role: 'net' },
];

function paths(v: Value, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (isObject(v)) return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return here;
}

function mutateValue(root: Value, rnd: () => number): void {
  const all = paths(root);
  const path = all[Math.floor(rnd() * all.length)];
  const parent = path.slice(0, -1).reduce<Value>((v, k) => (v as Record<string | number, Value>)[k], root) as Record<string | number, Value>;
  const key = path[path.length - 1];
  const pick = rnd();
  if (pick < 0.6) parent[key] = structuredClone(HOSTILE_VALUES[Math.floor(rnd() * HOSTILE_VALUES.length)]);
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else if (pick < 0.8) delete parent[key];
  else {
    parent[`${key}${'xs_'[Math.floor(rnd() * 3)]}`] = parent[key];
    delete parent[key];
  }
}

const SYNTAXES = ['nix', 'yaml', 'json'] as const;
const CASES = 150;

describe('value-level fuzzing across syntaxes', () => {
  const base = JSON.parse(readFileSync(join(CASES_DIR, 'valid-full', 'topology.json'), 'utf8')) as Value;

  it.each(Array.from({ length: CASES }, (_, i) => i + 1))('seed %i', (seed) => {
    const rnd = random(seed * 104_729);
    const value = structuredClone(base);
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) mutateValue(value, rnd);
    const results = SYNTAXES.map((syntax) => {
      const file = `topology.${syntax}`;
      return checkLoaded(parseTopology(serialize(value, syntax), file), file);
    });
    const meaning = results.map((r) => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`.replace(/line \d+, column \d+/g, 'L:C')).sort());
    expect(meaning[1], 'yaml means the same as nix').toEqual(meaning[0]);
    expect(meaning[2], 'json means the same as nix').toEqual(meaning[0]);
    const topologies = results.map((r) => r.topology && { ...r.topology, source: '' });
    expect(topologies[1]).toEqual(topologies[0]);
    expect(topologies[2]).toEqual(topologies[0]);
  });
});
