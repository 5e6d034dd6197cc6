// Deterministic mutations of a file's bytes, driven by a seeded generator.
import { mulberry32 } from '../../prng.js';

/** The seeded generator every fuzz test draws from. */
export const random: (seed: number) => () => number = mulberry32;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Strings that break parsers, escape contexts or terminals, plus bytes that are not UTF-8. */
export const HOSTILE: Uint8Array[] = [
  ...['${', '"', "'", "''", '\\', '\n', '\r\n', '\t', '\x1b[31m', '\x1b]0;x\x07', '\u0000', '\u202e', '😀',
    '{', '}', '[', ']', ';', '=', ':', ',', '#', '- ', '&a', '*a', '!!binary ', '<<: *a', '---\n', '0x1f',
    '1e999', '-0', 'null', 'true', 'let x = 1; in', 'import ./x.nix', 'rec ', '/* ', '"${"', 'x'.repeat(5000),
    '{'.repeat(200), '['.repeat(200)].map(utf8),
  Uint8Array.from([0xff, 0xfe]),
  Uint8Array.from([0xc3]),
  Uint8Array.from([0xed, 0xa0, 0x80]),
];

export type Mutation = 'flip' | 'delete' | 'duplicate' | 'truncate' | 'insert';
export const MUTATIONS: Mutation[] = ['flip', 'delete', 'duplicate', 'truncate', 'insert'];

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export function mutate(input: Uint8Array, kind: Mutation, rnd: () => number): Uint8Array {
  const pos = Math.floor(rnd() * (input.length + 1));
  const span = 1 + Math.floor(rnd() * 40);
  switch (kind) {
    case 'flip': {
      const out = Uint8Array.from(input);
      for (let i = 0; i < 1 + Math.floor(rnd() * 4); i++) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
      return out;
    }
    case 'delete':
      return concat(input.subarray(0, pos), input.subarray(pos + span));
    case 'duplicate':
      return concat(input.subarray(0, pos + span), input.subarray(pos));
    case 'truncate':
      return input.subarray(0, pos);
    case 'insert':
      return concat(input.subarray(0, pos), HOSTILE[Math.floor(rnd() * HOSTILE.length)], input.subarray(pos));
  }
}
