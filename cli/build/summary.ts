// The lines `spectrum build` ends with: where the result is, and for a live image its size
// and root hash (from the image's spectrum.json, written by the Nix library).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../diagnostics.js';
import { term } from '../output/term.js';

export interface ImageInfo {
  name: string;
  rootHash: string;
  imageBytes: number;
  contentBytes: number;
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
    Number.isSafeInteger(o.imageBytes) && Number.isSafeInteger(o.contentBytes);
  if (!ok) throw new ToolError(`${file} does not describe a live image`, JSON.stringify(data));
  return o as unknown as ImageInfo;
}

export function formatSummary(s: BuildSummary): string {
  const lines = [term`built ${s.label} in ${duration(s.seconds)}`];
  s.outPaths.forEach((path, i) => lines.push(term`  ${s.links[i] ?? 'output'} -> ${path}`));
  if (s.image) {
    const link = s.links[0] ?? s.outPaths[0];
    lines.push(term`  image      ${join(link, 'live.img')}: ${mib(s.image.imageBytes)} (content ${mib(s.image.contentBytes)})`);
    lines.push(term`  root hash  ${s.image.rootHash}`);
  }
  lines.push(term`  nix tree   ${s.buildDir}`);
  return `${lines.join('\n')}\n`;
}

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

function duration(seconds: number): string {
  // Rounded before choosing the unit and splitting, so 119.7 s reads "2 min 0 s", not
  // "1 min 60 s", and 59.96 s reads "1 min 0 s", not "60.0 s".
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
