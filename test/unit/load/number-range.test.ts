// Numbers too large to be exact (SP1015) mean the same in every syntax: the same
// diagnostics from load and validation, each at the number, and the same tree, the
// number kept in its place (dropping it would add "missing key" errors in one syntax).
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import { plain } from './helpers.js';

function sources(n: string): Record<'nix' | 'yaml' | 'json', string> {
  return {
    nix: `{\n  name = "t";\n  vms = {\n    net = { role = "net"; vcpus = ${n}; };\n    app = { memory = ${n}; net = "net"; };\n  };\n}\n`,
    yaml: `name: t\nvms:\n  net:\n    role: net\n    vcpus: ${n}\n  app:\n    memory: ${n}\n    net: net\n`,
    json: `{\n  "name": "t",\n  "vms": {\n    "net": { "role": "net", "vcpus": ${n} },\n    "app": { "memory": ${n}, "net": "net" }\n  }\n}\n`,
  };
}

describe('numbers too large to be exact', () => {
  it.each(['9007199254740992', '-9007199254740993', '123456789012345678901234', '1.0e400'])(
    '%s gives identical diagnostics and trees in Nix, YAML and JSON',
    (n) => {
      const results = Object.entries(sources(n)).map(([syntax, text]) => {
        const file = `topology.${syntax}`;
        const loaded = parseTopology(text, file);
        const checked = checkLoaded(loaded, file);
        return {
          tree: plain(loaded.root),
          meaning: checked.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`),
          at: checked.diagnostics.map((d) => text.split('\n')[d.span.line - 1]!.slice(d.span.column - 1)),
        };
      });
      const [nix, yaml, json] = results;
      expect(nix!.meaning.filter((m) => m.includes('SP1015'))).toEqual([
        `error SP1015 the number ${n} is too large to be represented exactly`,
        `error SP1015 the number ${n} is too large to be represented exactly`,
      ]);
      expect(yaml!.meaning).toEqual(nix!.meaning);
      expect(json!.meaning).toEqual(nix!.meaning);
      expect(yaml!.tree).toEqual(nix!.tree);
      expect(json!.tree).toEqual(nix!.tree);
      for (const r of results) {
        for (const [k, m] of r.meaning.entries()) if (m.includes('SP1015')) expect(r.at[k]!.startsWith(n)).toBe(true);
      }
    },
  );

  it('floats written with a point or an exponent are not integers, so inexact is fine', () => {
    for (const [syntax, text] of Object.entries(sources('1.0e16'))) {
      expect(parseTopology(text, `topology.${syntax}`).diagnostics, syntax).toEqual([]);
    }
  });
});
