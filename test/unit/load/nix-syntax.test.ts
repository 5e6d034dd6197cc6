// Syntax errors in .nix topologies: each at the exact place a person has to fix.
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { where } from './helpers.js';

// [source, code@line:col of each diagnostic, words the first message must contain]
const CASES: [string, string[], string][] = [
  ['{ a = 1 }', ['SP1003@1:8'], 'missing `;` after the value of `a`'],
  ['{\n  a = 1\n  b = 2\n  c = 3;\n}', ['SP1003@2:8', 'SP1003@3:8'], 'missing `;` after the value of `a`'],
  ['{\n  vms = {\n    x = { memory = "1G"\n      vcpus = 2; };\n  };\n}', ['SP1003@3:24'], 'missing `;` after the value of `memory`'],
  ['{ a = "abc; }', ['SP1003@1:7'], 'unterminated string'],
  ["{\n  a = ''\n    abc;\n}", ['SP1003@2:7'], 'unterminated indented string'],
  ['{ a = [ 1 2 ; }', ['SP1003@1:15'], 'the list opened at 1:7 is not closed'],
  ['{ a = 1;', ['SP1003@1:9'], 'the file ends before the attribute set opened at 1:1 is closed'],
  ['{ a = 1;\n  b = {\n\n', ['SP1003@2:8'], 'opened at 2:7'],
  ['{ a = 1; } }', ['SP1003@1:12'], 'nothing is open'],
  ['{ a = ; }', ['SP1003@1:6'], 'missing the value of `a`'],
  ['{ = 1; }', ['SP1003@1:2'], 'missing the attribute name'],
  ['{ a = 1; /* unterminated', ['SP1003@1:10'], 'unterminated comment'],
  // A bare URI may hold '' without opening a string: the error is the one that follows.
  ["{ src = http://x/'';\n  b = ;\n}\n", ['SP1003@2:6'], 'missing the value of `b`'],
  ['{ a = 1;; }', ['SP1003@1:9'], 'unexpected `;`'],
  ['{ a.b.c = = 2; }', ['SP1003@1:11'], 'unexpected `=`'],
  ['{ a = 1, b = 2 }', ['SP1003@1:8'], 'unexpected `,`'],
  ['{\n  name: "x";\n}', ['SP1003@2:7'], 'unexpected `:`'],
  ['{ a = "x" + ; }', ['SP1003@1:11'], 'unexpected `+`'],
  ['{ a = "é😀" b = 2; }', ['SP1003@1:12'], 'missing `;`'],
  ['', ['SP1005@1:1'], 'empty'],
  ['# only a comment\n', ['SP1005@1:1'], 'empty'],
];

describe('.nix syntax errors', () => {
  it.each(CASES)('%j', (source, expected, words) => {
    const result = parseTopology(source, 'topology.nix');
    expect(where(result.diagnostics)).toEqual(expected);
    expect(result.diagnostics[0]!.message).toContain(words);
    expect(result.diagnostics[0]!.hint).toBeTruthy();
    expect(result.root).toBeNull();
  });

  it('refuses integers that a JavaScript number cannot hold exactly', () => {
    for (const [source, expected] of [['{ a = 99999999999999999999; }', 'SP1015@1:7'], ['{ b = -9007199254740993; }', 'SP1015@1:7']]) {
      const d = parseTopology(source!, 'topology.nix').diagnostics;
      expect(where(d)).toEqual([expected]);
      expect(d[0]!.severity).toBe('error');
    }
  });

  it('reports columns in UTF-16 code units after non-ASCII text', () => {
    const d = parseTopology('{ d = "😀😀"; a = 1 }', 'topology.nix').diagnostics;
    expect(where(d)).toEqual(['SP1003@1:20']);
  });
});
