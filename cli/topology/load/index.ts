// The load stage: a topology file in any of its three syntaxes -> one RawNode tree with
// source spans, plus diagnostics. Never throws on bad input.
import { open, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics.js';
import type { RawNode } from '../raw.js';
import { LOAD_CODES } from './codes.js';
import { decodeSource } from './decode.js';
import { parseJson } from './json.js';
import { evaluateNix, findOnPath } from './nix/evaluate.js';
import { notLiteral, parseNix } from './nix/parse.js';
import { Source } from './source.js';
import { parseYaml } from './yaml.js';

export { findTopologyFile, type TopologyFile } from './find.js';

export type LoadResult = { root: RawNode | null; diagnostics: Diagnostic[]; text: string };

/** Larger files are refused before reading: no topology comes near, and memory is finite. */
const MAX_BYTES = 64 * 1024 * 1024;

type Syntax = 'nix' | 'yaml' | 'json';
const SYNTAXES: Record<string, Syntax> = { '.nix': 'nix', '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };

export function parseTopology(bytes: Uint8Array | string, file: string): LoadResult {
  return parseWith(bytes, file).result;
}

/**
 * Reads and parses a topology file; diagnostics name it `shown`. A .nix file that is not a
 * plain literal is evaluated with `nix-instantiate` when it is on PATH (of `env`, which tests replace).
 */
export async function loadTopologyFile(path: string, env: NodeJS.ProcessEnv = process.env, shown = path): Promise<LoadResult> {
  const bytes = await readTopology(path, shown);
  if (!(bytes instanceof Uint8Array)) return { root: null, diagnostics: [bytes], text: '' };
  const { result, src, nonLiteral } = parseWith(bytes, shown);
  if (!nonLiteral || !src) return result;
  if (!findOnPath('nix-instantiate', env)) return result;
  return { ...(await evaluateNix(resolve(path), src, nonLiteral, env)), text: src.text };
}

function parseWith(bytes: Uint8Array | string, file: string): {
  result: LoadResult;
  src?: Source;
  nonLiteral?: Parameters<typeof notLiteral>[1];
} {
  const syntax = SYNTAXES[extname(file).toLowerCase()];
  const decoded = decodeSource(bytes, file);
  if (!syntax) {
    const diagnostic: Diagnostic = {
      code: LOAD_CODES.unknownExtension,
      severity: 'error',
      message: `cannot tell the syntax of ${JSON.stringify(file)} from its name`,
      span: { file, line: 1, column: 1, length: 1 },
      hint: 'name the file topology.nix, topology.yaml, topology.yml or topology.json',
    };
    return { result: { root: null, diagnostics: [diagnostic], text: decoded.text } };
  }
  if (decoded.diagnostic) return { result: { root: null, diagnostics: [decoded.diagnostic], text: decoded.text } };
  const src = new Source(file, decoded.text);
  if (syntax === 'json') return { result: { ...parseJson(src), text: src.text } };
  if (syntax === 'yaml') return { result: { ...parseYaml(src), text: src.text } };
  const parsed = parseNix(src);
  if (!parsed.nonLiteral) return { result: { root: parsed.root, diagnostics: parsed.diagnostics, text: src.text } };
  return {
    result: { root: null, diagnostics: [notLiteral(src, parsed.nonLiteral)], text: src.text },
    src,
    nonLiteral: parsed.nonLiteral,
  };
}

async function readTopology(path: string, shown: string): Promise<Uint8Array | Diagnostic> {
  const unreadable = (message: string, hint: string): Diagnostic => ({
    code: LOAD_CODES.unreadable,
    severity: 'error',
    message,
    span: { file: shown, line: 1, column: 1, length: 1 },
    hint,
  });
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      return unreadable(`${shown} is a directory, not a topology file`, 'name the file itself, e.g. ./topology.nix');
    }
    // A device (/dev/zero, /dev/urandom) reads without end and a FIFO blocks forever: only a
    // regular file (or a link to one) is a topology.
    if (!info.isFile()) {
      return unreadable(`${shown} is not a regular file (a device, FIFO or socket)`, 'name a topology file, e.g. ./topology.nix');
    }
    const tooLarge = (bytes: number): Diagnostic =>
      unreadable(`the file is ${Math.round(bytes / 2 ** 20)} MiB; topology files are limited to ${MAX_BYTES / 2 ** 20} MiB`,
        'a real topology is a few kilobytes; check that this is the right file');
    if (info.size > MAX_BYTES) return tooLarge(info.size);
    // The size stat reported is not a bound on what a read returns (the file may grow): read
    // one byte past the limit at most.
    const file = await open(path, 'r');
    try {
      const chunks: Buffer[] = [];
      let length = 0;
      for (;;) {
        // The reported size plus a byte, so a file that did not change is read in one call.
        const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size + 1, 65536), MAX_BYTES + 1));
        const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        length += bytesRead;
        if (length > MAX_BYTES) return tooLarge(length);
      }
      return Buffer.concat(chunks, length);
    } finally {
      await file.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return unreadable(`the topology file ${shown} does not exist`, 'check the path, or run `spectrum init` to write a starter topology');
    if (code === 'EACCES' || code === 'EPERM') return unreadable(`permission denied reading ${shown}`, 'make the file readable by this user');
    return unreadable(`cannot read ${shown}: ${(err as Error).message}`, 'check that the path names a readable file');
  }
}
