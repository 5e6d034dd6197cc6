// `spectrum generate [FILE] [-o DIR] [--check]`: topology in, generated Nix tree out.
import type { Command } from 'commander';
import { withInterrupts } from '../interrupt.js';
import { term } from '../output/term.js';
import type { GeneratedPlan } from '../emit/output.js';
import { DEFAULT_OUT_DIR } from '../emit/header.js';
import { bundledNotice, loadValid, stdio, type Output } from './common.js';

/** How a user points generate elsewhere, for the hints of write errors. */
const REDIRECT = 'pass another output directory with -o';

export interface GenerateOptions {
  outDir: string;
  check: boolean;
}

/** Returns the exit code: 0 written or up to date, 1 invalid topology or (with --check) out of date. */
export async function runGenerate(file: string | undefined, opts: GenerateOptions, io: Output, signal?: AbortSignal): Promise<number> {
  const { findTopologyFile } = await import('../topology/load/index.js');
  const { emitTree, checkTree, writeTree } = await import('../emit/index.js');
  const found = findTopologyFile(process.cwd(), file);
  if (found.bundledDefault) io.err(bundledNotice('generating from', found.shown));
  const topology = await loadValid(found.path, found.shown, io, 'generated');
  if (!topology) return 1;
  const files = emitTree(topology, { outDir: opts.outDir, bundledDefault: found.bundledDefault });
  if (opts.check) return reportCheck(checkTree(opts.outDir, files, REDIRECT), opts.outDir, io);
  const { plan, recovered } = await writeTree(opts.outDir, files, { redirect: REDIRECT, signal });
  if (recovered.length > 0) io.err(term`spectrum: ${opts.outDir}: an earlier run was killed while writing it; its files were put back before this one\n`);
  io.out(term`Generated ${opts.outDir}: ${counts(plan)}\n`);
  reportKept(plan, opts.outDir, io);
  return 0;
}

function reportKept(plan: GeneratedPlan, dir: string, io: Output): void {
  for (const path of plan.kept) io.err(term`spectrum: kept your ${`${dir}/${path}`} (it has no spectrum header, e.g. after nix flake update)\n`);
}

function reportCheck(plan: GeneratedPlan, dir: string, io: Output): number {
  reportKept(plan, dir, io);
  const lines = [
    ...plan.create.map((p) => term`  missing  ${p}`),
    ...plan.replace.map((p) => term`  differs  ${p}`),
    ...plan.stale.map((p) => term`  stale    ${p}`),
    ...plan.conflicts.map((c) => term`  blocked  ${c.path} (${c.reason})`),
  ];
  if (lines.length === 0) {
    io.out(term`${dir} is up to date\n`);
    return 0;
  }
  io.out(`${term`${dir}`} is out of date (run spectrum generate without --check to update it):\n${lines.join('\n')}\n`);
  return 1;
}

const counts = (plan: GeneratedPlan): string =>
  `${plan.create.length} created, ${plan.replace.length} replaced, ${plan.stale.length} removed, ${plan.unchanged.length} unchanged`;

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write the Nix expressions for a topology: default.nix, flake.nix, host.nix, live-image.nix, vms/<name>.nix and lib/')
    .argument('[file]', 'topology file (.nix, .yaml, .yml, .json); default: topology.* here, else the bundled default')
    .option('-o, --out <dir>', 'output directory; files in it that spectrum did not generate are left alone', DEFAULT_OUT_DIR)
    .option('--check', 'write nothing; exit 1 and list the files that differ if the output directory is out of date')
    .action(async (file: string | undefined, flags: { out: string; check?: boolean }) => {
      const io = stdio();
      // Ctrl-C while writing: stop before anything in the output directory changes.
      process.exitCode = await withInterrupts(async (interrupt) => {
        try {
          const code = await runGenerate(file, { outDir: flags.out, check: flags.check === true }, io, interrupt.signal);
          if (!interrupt.received()) return code;
          // Too late to stop (the renames had begun): the tree is whole, but the exit still says
          // interrupted, so that a script the user stopped stops (`spectrum generate && …`).
          io.err(code === 0 && !flags.check ? term`spectrum: interrupted as it finished; ${flags.out} was written whole\n` : term`spectrum: interrupted; ${flags.out} was left as it was\n`);
          return interrupt.exitCode();
        } catch (err) {
          if (!interrupt.received()) throw err;
          io.err(term`spectrum: interrupted; ${flags.out} was left as it was\n`);
          return interrupt.exitCode();
        }
      });
    });
}
