// The three syntaxes of one topology mean the same thing, and each reports exact spans.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopologyFile } from '../../../cli/topology/load/index.js';
import { nixEnv } from '../../../cli/nix/env.js';
import { at, entry, plain } from './helpers.js';

const dir = join(import.meta.dirname, '../../../examples/default');
const files = ['topology.nix', 'topology.yaml', 'topology.json'].map((f) => join(dir, f));

describe('examples/default in three syntaxes', () => {
  it('loads each without diagnostics', async () => {
    for (const file of files) {
      const result = await loadTopologyFile(file);
      expect(result.diagnostics, file).toEqual([]);
      expect(result.root?.kind).toBe('object');
    }
  });

  it('gives the same value in every syntax, and the value Nix itself computes', async () => {
    const [nix, yaml, json] = await Promise.all(files.map(async (f) => plain((await loadTopologyFile(f)).root)));
    expect(yaml).toEqual(nix);
    expect(json).toEqual(nix);
    const evaluated = execFileSync('nix-instantiate', ['--eval', '--strict', '--json', files[0]!], {
      env: nixEnv('host'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(nix).toEqual(JSON.parse(evaluated));
  });

  it('keeps the source order of keys', async () => {
    for (const file of files) {
      const root = (await loadTopologyFile(file)).root;
      const vms = at(root, 'vms');
      expect(vms.kind === 'object' && vms.entries.map((e) => e.key), file).toEqual(['sys-net', 'browser', 'notes']);
    }
  });

  it('points key and value spans at the text that wrote them', async () => {
    const expected: Record<string, { key: [number, number, number]; value: [number, number, number]; tag: [number, number] }> = {
      'topology.nix': { key: [35, 7, 6], value: [35, 16, 4], tag: [44, 26] },
      'topology.yaml': { key: [16, 5, 6], value: [16, 13, 2], tag: [21, 14] },
      'topology.json': { key: [15, 7, 8], value: [15, 17, 4], tag: [19, 27] },
    };
    for (const file of files) {
      const name = file.slice(dir.length + 1);
      const result = await loadTopologyFile(file);
      const memory = entry(result.root, 'vms', 'browser', 'memory');
      const e = expected[name]!;
      expect([memory.keySpan.line, memory.keySpan.column, memory.keySpan.length], name).toEqual(e.key);
      expect([memory.value.span.line, memory.value.span.column, memory.value.span.length], name).toEqual(e.value);
      const tag = at(result.root, 'vms', 'browser', 'shares', 0, 'tag').span;
      expect([tag.line, tag.column], name).toEqual(e.tag);
      expect(tag.file).toBe(file);
      // The excerpt text is the file as read.
      expect(result.text).toBe(readFileSync(file, 'utf8'));
    }
  });
});
