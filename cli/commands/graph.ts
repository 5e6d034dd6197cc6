// `spectrum graph [FILE] [-o OUT.svg|.png|.dot]`: a picture of the machine a topology describes.
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';
import { writeFileAtomic } from '../fsutil/write-file.js';
import { bundledNotice, loadValid, stdio, type Output } from './common.js';
import { GRAPH_FORMATS, type GraphFormat } from '../graph/formats.js';

/** Returns the exit code: 0 drawn, 1 invalid topology. Without `out`, DOT on standard output. */
export async function runGraph(file: string | undefined, out: string | undefined, io: Output): Promise<number> {
  const format = out === undefined ? 'dot' : formatOf(out);
  const { findTopologyFile } = await import('../topology/load/index.js');
  const { topologyDot } = await import('../graph/dot.js');
  const { renderGraph } = await import('../graph/render.js');
  const found = findTopologyFile(process.cwd(), file);
  if (found.bundledDefault) io.err(bundledNotice('drawing', found.shown));
  const topology = await loadValid(found.path, found.shown, io, 'drawn');
  if (!topology) return 1;
  const picture = await renderGraph(topologyDot(topology), format);
  if (out === undefined) {
    io.out(picture as string);
    return 0;
  }
  // Never a half-written picture.
  try {
    await writeFileAtomic(out, picture);
  } catch (err) {
    throw new UserError(`cannot write ${out}: ${(err as Error).message}`, 'pass another path with -o');
  }
  io.err(term`spectrum: drew ${found.shown} into ${out}\n`);
  return 0;
}

function formatOf(out: string): GraphFormat {
  const ext = extname(out).slice(1).toLowerCase();
  if ((GRAPH_FORMATS as readonly string[]).includes(ext)) return ext as GraphFormat;
  throw new UserError(term`cannot tell the picture's format from ${out}`, `end the file name with ${GRAPH_FORMATS.map((f) => `.${f}`).join(', ')}`);
}

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('Draw the machine a topology describes: VMs by role in start order, hardware, links, USB claims, displays')
    .argument('[file]', 'topology file (.nix, .yaml, .yml, .json); default: topology.* here, else the bundled default')
    .option('-o, --out <file>', 'write the picture here, as .svg, .png or .dot by its extension; default: DOT on standard output')
    .action(async (file: string | undefined, flags: { out?: string }) => {
      process.exitCode = await runGraph(file, flags.out, stdio());
    });
}
