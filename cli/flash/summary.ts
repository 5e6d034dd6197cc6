// The closing report of a successful flash: what went where, how fast, and the proof.
import type { Image } from './image.js';
import { bytes, rate } from '../output/units.js';
import { term } from '../output/term.js';

export interface SummaryFacts {
  image: Image;
  target: string;
  written: { bytes: number; seconds: number };
  verified: { sha256: string; seconds: number };
  /** Whether the target was written and read with O_DIRECT (not through the page cache). */
  direct: boolean;
  gptMoved: boolean;
}

export function summary(f: SummaryFacts): string {
  const io = f.direct ? 'direct I/O' : 'through the page cache';
  const lines = [
    term`flashed ${f.image.path} to ${f.target}`,
    `  written:  ${bytes(f.written.bytes)} (${f.written.bytes} bytes) in ${f.written.seconds.toFixed(1)} s, ${rate(f.written.bytes, f.written.seconds)} (${io})`,
    `  verified: identical to the image, read back in ${f.verified.seconds.toFixed(1)} s (${io})`,
    `  sha256:   ${f.verified.sha256}`,
  ];
  if (f.gptMoved) lines.push(term`  GPT:      backup header moved to the end of ${f.target} (sfdisk --verify: no errors)`);
  return `${lines.join('\n')}\n`;
}

/** Bumped when a field of `flash --json` changes meaning or goes away (docs/flash.md). */
export const FLASH_JSON_VERSION = 1;

export const summaryJson = (f: SummaryFacts): string =>
  `${JSON.stringify({
    version: FLASH_JSON_VERSION,
    flashed: true,
    image: f.image.path,
    target: f.target,
    bytes: f.written.bytes,
    writeSeconds: f.written.seconds,
    verifySeconds: f.verified.seconds,
    sha256: f.verified.sha256,
    directIo: f.direct,
    gptMoved: f.gptMoved,
  }, null, 2)}\n`;

export const dryRunJson = (image: Image, target: string): string =>
  `${JSON.stringify({ version: FLASH_JSON_VERSION, flashed: false, dryRun: true, image: image.path, target, bytes: image.bytes }, null, 2)}\n`;
