// The lines `spectrum build` ends with: where the result is, and for a live image its size
// and root hash (from the image's spectrum.json, written by the Nix library).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../diagnostics.js';
import { term } from '../output/term.js';
import { elapsed, mib } from '../output/units.js';

export interface ImageInfo {
  name: string;
  rootHash: string;
  imageBytes: number;
  contentBytes: number;
  /** VMs whose VMM the package set lacked (they cannot start: cli/build/vmm-missing.ts). */
  vmsWithoutVmm: string[];
}

export interface BuildSummary {
  label: string;
  links: readonly string[];
  outPaths: readonly string[];
  image: ImageInfo | null;
  /** The generated Nix tree that was built. */
  buildDir: string;
  seconds: number;
}

export async function readImageInfo(outPath: string): Promise<ImageInfo> {
  const file = join(outPath, 'spectrum.json');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ToolError(`the live image has no readable ${file}`, (err as Error).message);
  }
  const o = (data ?? {}) as Record<string, unknown>;
  const ok = typeof o.name === 'string' && typeof o.rootHash === 'string' && /^[0-9a-f]{64}$/.test(o.rootHash) &&
    Number.isSafeInteger(o.imageBytes) && Number.isSafeInteger(o.contentBytes) &&
    Array.isArray(o.vmsWithoutVmm) && o.vmsWithoutVmm.every((n) => typeof n === 'string');
  if (!ok) throw new ToolError(`${file} does not describe a live image`, JSON.stringify(data));
  return o as unknown as ImageInfo;
}

export function formatSummary(s: BuildSummary): string {
  const lines = [term`built ${s.label} in ${elapsed(s.seconds)}`];
  s.outPaths.forEach((path, i) => lines.push(term`  ${s.links[i] ?? 'output'} -> ${path}`));
  if (s.image) {
    const link = s.links[0] ?? s.outPaths[0];
    lines.push(term`  image      ${join(link, 'live.img')}: ${mib(s.image.imageBytes)} MiB (content ${mib(s.image.contentBytes)} MiB)`);
    lines.push(term`  root hash  ${s.image.rootHash}`);
  }
  lines.push(term`  nix tree   ${s.buildDir}`);
  return `${lines.join('\n')}\n`;
}

/** Bumped when a field of `build --json` changes meaning or goes away (docs/build-run.md). */
export const BUILD_JSON_VERSION = 1;

export function summaryJson(s: BuildSummary): string {
  const image = s.image && { name: s.image.name, rootHash: s.image.rootHash, imageBytes: s.image.imageBytes, contentBytes: s.image.contentBytes };
  return `${JSON.stringify({ version: BUILD_JSON_VERSION, built: true, target: s.label, outLinks: s.links, outPaths: s.outPaths, image, nixTree: s.buildDir, seconds: s.seconds }, null, 2)}\n`;
}
