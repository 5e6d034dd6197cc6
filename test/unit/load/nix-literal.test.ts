// The literal subset of Nix: values agree with nix-instantiate, attribute paths merge as
// in Nix, and anything else is either evaluated by Nix or named as not literal.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nixEnv } from '../../../cli/nix/env.js';
import { loadTopologyFile, parseTopology } from '../../../cli/topology/load/index.js';
import { plain, where } from './helpers.js';

const LITERALS = [
  '{ a.b = 1; a.c = 2; }',
  '{ a = { b = 1; }; a.c = 2; }',
  '{ a.c = 2; a = { b = 1; }; }',
  '{ a = { b = 1; }; a = { c = 2; }; }',
  '{ a = { b = { c = 1; }; }; a.b.d = 2; }',
  '{ "foo-bar" = 1; "a b".c = 2; a."b.c" = 3; "" = 4; }',
  '{ i = 007; f = 1.5; g = .5; h = 1.; e = 1.5e3; n = -3; m = - 1.5; p = (4); q = ((-2)); }',
  '{ t = true; f = false; n = null; }',
  '# leading comment\n{ /* inline */ a = [ 1 /* in list */ "x" ]; # trailing\n}',
  '{ l = [ [ ] { } [ { a = [ 1 ]; } ] ]; }',
  '{ u = https://example.org/x?y=1; }',
  "{ s = ''\n    indented\n  ''; k = \"\\${x}\"; }",
  '[ 1 "two" { three = 3; } ]',
];

function nixEval(expression: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-literal-'));
  writeFileSync(join(dir, 'e.nix'), expression);
  return JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', join(dir, 'e.nix')], {
    env: nixEnv('host'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

/** Node's PATH without the directory holding nix-instantiate: Nix is "not installed". */
function envWithoutNix(): NodeJS.ProcessEnv {
  const empty = mkdtempSync(join(tmpdir(), 'spectrum-nonix-'));
  return { ...process.env, PATH: empty };
}

function topologyFile(text: string, name = 'topology.nix'): string {
  const dir = mkdtempSync(join(tmpdir(), 'spectrum-load-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('Nix literals', () => {
  it('read without Nix, give what nix-instantiate gives', () => {
    const ours = LITERALS.map((source) => {
      const result = parseTopology(source, 'topology.nix');
      expect(result.diagnostics, source).toEqual([]);
      return plain(result.root);
    });
    expect(ours).toEqual(nixEval(`[\n${LITERALS.map((s) => `(${s.replace(/#[^\n]*/g, '')})`).join('\n')}\n]`));
  });

  it.each([
    ['{ a.b = 1; a.b = 2; }', 'SP1006@1:14', 'attribute `a.b` is already defined at 1:5'],
    ['{ a = 1; a.b = 2; }', 'SP1006@1:10', 'attribute `a.b` is already defined at 1:3'],
    ['{ a = { b = 1; }; a = { b = 2; }; }', 'SP1006@1:25', 'attribute `a.b` is already defined at 1:9'],
    ['{ a = { b = { c = 1; }; }; a = { b = { d = 2; }; }; }', 'SP1006@1:34', 'attribute `a.b`'],
    ['{\n  "x-y" = 1;\n  x-y = 2;\n}', 'SP1006@3:3', 'attribute `x-y` is already defined at 2:3'],
  ])('%j is a duplicate, as in Nix', (source, expected, message) => {
    const d = parseTopology(source, 'topology.nix').diagnostics;
    expect(where(d)).toEqual([expected]);
    expect(d[0]!.message).toContain(message);
    expect(() => nixEval(source)).toThrow(/already defined/);
  });

  it.each([
    ['let x = 1; in { a = x; }', '1:1', '`let … in`'],
    ['{ pkgs ? null, ... }: { a = 1; }', '1:1', 'a function (`{ … }: …`)'],
    ['{\n  a = import ./other.nix;\n}', '2:7', '`import`'],
    ['with builtins; { }', '1:1', '`with`'],
    ['rec { a = 1; b = a; }', '1:1', '`rec { … }`'],
    ['{ a = "x${y}"; }', '1:9', 'string interpolation `${…}`'],
    ["{ a = ''x${y}''; }", '1:10', 'string interpolation `${…}`'],
    ['{ a = 1 + 2; }', '1:7', 'an operator'],
    ['{ a = ./p; }', '1:7', 'a path'],
    ['{ a = <nixpkgs>; }', '1:7', 'a search path (`<…>`)'],
    ['{ inherit a; }', '1:3', '`inherit`'],
    ['{ a = b.c; }', '1:7', 'an attribute selection (`x.y`)'],
    ['{ a = [ 1 x ]; }', '1:11', 'the variable `x`'],
    ['{ ${"a"} = 1; }', '1:3', 'an attribute name computed with `${…}`'],
    ['{ a = !true; }', '1:7', 'the operator `!`'],
    ['{ a = if true then 1 else 2; }', '1:7', '`if … then … else`'],
    ['{ a = 1; } // { b = 2; }', '1:1', 'an operator'],
  ])('%j is not literal (at %s)', (source, position, what) => {
    const d = parseTopology(source, 'topology.nix').diagnostics;
    expect(where(d)).toEqual([`SP1008@${position}`]);
    expect(d[0]!.message).toContain(`${what} is not a literal value`);
    expect(d[0]!.hint).toContain('install Nix');
  });

  it('evaluates a non-literal file with nix-instantiate, with a warning that positions are approximate', async () => {
    const file = topologyFile('# computed\nlet mem = "512M"; in {\n  name = "x";\n  vms.a = { memory = mem; vcpus = 1 + 1; };\n}\n');
    const result = await loadTopologyFile(file);
    expect(plain(result.root)).toEqual({ name: 'x', vms: { a: { memory: '512M', vcpus: 2 } } });
    expect(where(result.diagnostics)).toEqual(['SP1010@2:1']);
    expect(result.diagnostics[0]!.severity).toBe('warning');
    expect(result.diagnostics[0]!.message).toMatch(/approximate.*`let … in` at 2:1/);
    const spans = JSON.stringify(result.root).match(/"line":\d+,"column":\d+/g);
    expect(new Set(spans)).toEqual(new Set(['"line":1,"column":1']));
  });

  it('explains that a file which is a function is not called', async () => {
    const result = await loadTopologyFile(topologyFile('{ name ? "laptop" }: { inherit name; }\n'));
    expect(result.root).toBeNull();
    expect(where(result.diagnostics)).toEqual(['SP1009@1:1']);
    expect(result.diagnostics[0]!.message).toContain('cannot convert a function to JSON');
    expect(result.diagnostics[0]!.hint).toContain('is a function');
  });

  it('evaluates without access to files, the network or the environment, and says so', async () => {
    const secret = topologyFile('"secret"\n');
    for (const [source, refused] of [
      [`{ name = "x"; vms.a.description = builtins.readFile ${JSON.stringify(secret)}; }\n`, `access to absolute path '${secret}' is forbidden`],
      [`{ name = "x"; vms.a.description = import ${JSON.stringify(secret)}; }\n`, `access to absolute path '${secret}' is forbidden`],
      ['{ name = "x"; vms.a.description = builtins.readFile (builtins.fetchurl "http://127.0.0.1:9/x"); }\n', "access to URI 'http://127.0.0.1:9/x' is forbidden"],
      // No search path at all, whatever the user's NIX_PATH says.
      ['{ name = "x"; vms.a.description = toString (import <nixpkgs> { }); }\n', "file 'nixpkgs' was not found in the Nix search path"],
    ] as const) {
      const result = await loadTopologyFile(topologyFile(source), { ...process.env, NIX_PATH: `nixpkgs=${secret}` });
      expect(result.root, source).toBeNull();
      expect(result.diagnostics.map((d) => d.code), source).toEqual(['SP1009']);
      expect(result.diagnostics[0]!.message, source).toContain(refused);
      if (refused.includes('forbidden')) expect(result.diagnostics[0]!.hint).toContain('without access to other files, the network or the environment');
    }
    // The environment reads as empty.
    const env = await loadTopologyFile(topologyFile('{ name = "x"; vms.a.description = "[${builtins.getEnv "HOME"}]"; }\n'), { ...process.env, HOME: '/root' });
    expect(plain(env.root)).toEqual({ name: 'x', vms: { a: { description: '[]' } } });
  });

  it("reports Nix's evaluation error at the place Nix names", async () => {
    const result = await loadTopologyFile(topologyFile('let\n  x = 1;\nin {\n  a = "é" + y;\n}\n'));
    expect(result.root).toBeNull();
    expect(where(result.diagnostics)).toEqual(['SP1009@4:13']);
    expect(result.diagnostics[0]!.message).toContain("undefined variable 'y'");
    expect(result.diagnostics[0]!.hint).toContain('`let … in` at 1:1');
  });

  it('without Nix, names the first non-literal construct and how to get it evaluated', async () => {
    const result = await loadTopologyFile(topologyFile('{\n  name = "x";\n  vms = import ./vms.nix;\n}\n'), envWithoutNix());
    expect(result.root).toBeNull();
    expect(where(result.diagnostics)).toEqual(['SP1008@3:9']);
    expect(result.diagnostics[0]!.message).toContain('`import` is not a literal value');
    expect(result.diagnostics[0]!.hint).toContain('install Nix');
  });

  it('does not run Nix for a literal file, even where Nix is installed', async () => {
    const result = await loadTopologyFile(topologyFile('{ name = "x"; }'), envWithoutNix());
    expect(result.diagnostics).toEqual([]);
    expect(plain(result.root)).toEqual({ name: 'x' });
  });
});
