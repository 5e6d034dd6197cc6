// Start-up cost: the heavy modules (yaml ~40 ms, tree-sitter, execa ~90 ms, resvg) load only for
// the files and commands that use them. Vitest runs each test file in a fresh process, and
// CommonJS modules (yaml's node build, tree-sitter, execa's cross-spawn) show in
// require.cache once loaded, so the tests ask it which of them are in.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../cli/commands/index.js';
import { parseTopology } from '../../../cli/topology/load/index.js';

const cache = createRequire(import.meta.url).cache;
const loaded = (pkg: string): boolean => Object.keys(cache).some((path) => path.includes(`/node_modules/${pkg}/`));

describe('heavy modules load on use', () => {
  it('registering every command and loading JSON and plain YAML loads none of them', () => {
    registerCommands(new Command('spectrum'));
    expect(parseTopology('{"name": "a", "vms": {}}', 'topology.json').diagnostics).toEqual([]);
    expect(parseTopology('name: a\nvms:\n  b:\n    role: net\n', 'topology.yaml').diagnostics).toEqual([]);
    expect(['yaml', 'tree-sitter', 'tree-sitter-nix', 'cross-spawn', '@resvg/resvg-js'].filter(loaded)).toEqual([]);
  });

  it('YAML beyond the fast reader loads the yaml package; Nix loads tree-sitter and still not execa', () => {
    expect(parseTopology('base: &b {role: net}\nvms:\n  a: *b\n', 'topology.yaml').diagnostics).toEqual([]);
    expect(loaded('yaml')).toBe(true);
    expect(parseTopology('{ name = "a"; vms = { }; }', 'topology.nix').diagnostics).toEqual([]);
    expect(loaded('tree-sitter-nix')).toBe(true);
    expect(loaded('cross-spawn')).toBe(false);
  });
});
