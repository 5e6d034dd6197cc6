// Nix string literals decode exactly as Nix decodes them: a hand-written table, then the
// same table and a few hundred generated strings checked against nix-instantiate itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nixEnv } from '../../../cli/nix/env.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { plain } from './helpers.js';

const Q = "''";
// [Nix source of one string, the string it means]
const TABLE: [string, string][] = [
  ['"plain"', 'plain'],
  ['"a\\"b"', 'a"b'],
  ['"back\\\\slash"', 'back\\slash'],
  ['"n\\nt\\tr\\r"', 'n\nt\tr\r'],
  ['"\\${not interpolated}"', '${not interpolated}'],
  ['"$${also literal}"', '$${also literal}'],
  ['"$$"', '$$'],
  ['"cost: $5"', 'cost: $5'],
  ['"ends with $"', 'ends with $'],
  ['"\\q\\\'"', "q'"],
  ['"line\nbreak"', 'line\nbreak'],
  ['"crlf\r\nand cr\ronly"', 'crlf\nand cr\nonly'],
  ['"é😀 \\😀"', 'é😀 😀'],
  [`${Q}${Q}`, ''],
  [`${Q}one line${Q}`, 'one line'],
  [`${Q}\n  a\n    b\n  ${Q}`, 'a\n  b\n'],
  [`${Q}\n    a\n\n    b\n${Q}`, 'a\n\nb\n'],
  [`${Q}  \n  x\n  ${Q}`, 'x\n'],
  [`${Q}x ''' y${Q}`, "x '' y"],
  [`${Q}''\${not interpolated}${Q}`, '${not interpolated}'],
  [`${Q}$\${literal}${Q}`, '$${literal}'],
  [`${Q}''\\n and ''\\t and ''\\\\${Q}`, '\n and \t and \\'],
  [`${Q}\\n stays${Q}`, '\\n stays'],
  [`${Q}\n  a\n  ''\\ b\n   c\n  ${Q}`, 'a\n b\n c\n'],
  [`${Q}"quotes" and 'single' ${Q}`, `"quotes" and 'single' `],
  [`${Q}\r\n  x\r\n${Q}`, '\r\n  x\r\n'],
  [`${Q}\n\ttab\n${Q}`, '\ttab\n'],
  [`${Q}$'x${Q}`, "$'x"],
];

function decodeAll(sources: string[]): string[] {
  const text = `[\n${sources.join('\n')}\n]`;
  const result = parseTopology(text, 'strings.nix');
  expect(result.diagnostics, result.diagnostics.map((d) => JSON.stringify(text.split('\n')[d.span.line - 1])).join()).toEqual([]);
  return plain(result.root) as string[];
}

function nixDecodeAll(sources: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'spectrum-strings-')), 'strings.nix');
  writeFileSync(file, `[\n${sources.join('\n')}\n]`);
  const out = execFileSync('nix-instantiate', ['--eval', '--strict', '--json', file], {
    env: nixEnv('host'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as string[];
}

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces that keep a string valid and literal whatever their order.
const INDENTED_PIECES = ['a', ' ', '  ', '\n', "'''", "''$", "''${", "''\\n", "''\\t", "''\\ ", "''\\x", "''\\\\", "''\\\n",
  '$$', '$a', '$${a}', '\\', '"', '\t', '\r\n', "'a", "$'a", "x'y", 'é😀'];
const QUOTED_PIECES = ['a', ' ', '\n', '\\n', '\\t', '\\r', '\\\\', '\\"', '\\$', '\\${', '$$', '$${x}', '$a', '$ ',
  '\r\n', '\r', "''", "'", '\t', '\\\n', 'é😀', '\\😀', '}'];

function generate(next: () => number, pieces: string[], count: number, wrap: (body: string) => string): string[] {
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let body = '';
    const n = Math.floor(next() * 12);
    for (let j = 0; j < n; j++) body += pieces[Math.floor(next() * pieces.length)];
    out.push(wrap(body));
  }
  return out;
}

describe('Nix string literals', () => {
  it.each(TABLE)('%j means %j', (source, expected) => {
    expect(decodeAll([source])).toEqual([expected]);
  });

  it('agree with nix-instantiate on the table and on generated strings', () => {
    const next = random(20240601);
    const sources = [
      ...TABLE.map(([s]) => s),
      ...generate(next, INDENTED_PIECES, 300, (b) => `${Q}${b}${Q}`),
      ...generate(next, INDENTED_PIECES, 100, (b) => `${Q}\n${b.replace(/\n/g, '\n    ')}\n  ${Q}`),
      ...generate(next, QUOTED_PIECES, 300, (b) => `"${b}"`),
    ];
    const ours = decodeAll(sources);
    const nix = nixDecodeAll(sources);
    const mismatches = sources.filter((_, k) => ours[k] !== nix[k]).map((s, k) => ({ s, ours: ours[k], nix: nix[k] }));
    expect(mismatches).toEqual([]);
  });
});
