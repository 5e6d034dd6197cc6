// Properties over generated topologies (fast-check; a failure prints the smallest topology
// that breaks it and the seed to replay it):
// - what check accepts, generate turns into Nix files that all parse;
// - derived identities are unique within a topology, and the same whatever the key order and
//   whichever of the three syntaxes the topology is written in;
// - every string reaches Nix exactly (the evaluated value is the original text).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitTree } from '../../../cli/emit/index.js';
import { nixString } from '../../../cli/emit/nix-syntax.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import type { Topology } from '../../../cli/topology/types.js';
import { nixEvalJson, treeSitterProblems } from '../emit/nix-tools.js';
import { serialize, type Value } from './serialize.js';
import { reversedKeys, topologyValue } from './topology-arbitrary.js';

const FILES = { nix: 'topology.nix', yaml: 'topology.yaml', json: 'topology.json' } as const;

function resolved(value: Value, syntax: keyof typeof FILES): Topology {
  const loaded = parseTopology(serialize(value, syntax), FILES[syntax]);
  const { topology, diagnostics } = checkLoaded(loaded, FILES[syntax]);
  expect(diagnostics.filter((d) => d.severity === 'error'), serialize(value, syntax)).toEqual([]);
  return topology!;
}

const identities = (t: Topology) =>
  t.vms.map((vm) => ({ name: vm.name, ids: vm.ids, link: vm.netLink, start: t.startOrder.indexOf(vm.name) }));

describe('properties of generated topologies', () => {
  it('check accepts them, and every file generate writes parses as Nix', () => {
    fc.assert(
      fc.property(topologyValue, (value) => {
        for (const [path, text] of emitTree(resolved(value, 'json'))) {
          if (path.endsWith('.nix')) expect(treeSitterProblems(text), path).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('identities are unique, and stable under key order and syntax', () => {
    fc.assert(
      fc.property(topologyValue, (value) => {
        const t = resolved(value, 'json');
        const ids = identities(t);
        const distinct = (xs: unknown[]) => expect(new Set(xs.map((x) => JSON.stringify(x))).size).toBe(xs.length);
        distinct(ids.map((i) => i.ids.cid));
        distinct(ids.map((i) => i.ids.mac));
        distinct(ids.map((i) => i.ids.diskId));
        const links = ids.flatMap((i) => (i.link ? [i.link.address, i.link.routerAddress] : []));
        distinct(links);
        distinct([...ids.map((i) => i.ids.mac), ...ids.flatMap((i) => (i.link ? [i.link.routerMac] : []))]);
        for (const syntax of ['nix', 'yaml'] as const) expect(identities(resolved(value, syntax))).toEqual(ids);
        expect(identities(resolved(reversedKeys(value), 'json'))).toEqual(ids);
      }),
      { numRuns: 60 },
    );
  });

  it('every string reaches Nix exactly', () => {
    // Anything but NUL and lone surrogates, which validation refuses (SP2019).
    const representable = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !/\u0000|[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
    fc.assert(
      fc.property(fc.array(representable, { minLength: 1, maxLength: 60 }), (texts) => {
        expect(nixEvalJson(`[ ${texts.map(nixString).join(' ')} ]`)).toEqual(texts);
      }),
      { numRuns: 8 },
    );
  });
});
