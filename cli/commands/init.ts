// `spectrum init [DIR] [--example NAME]`: write one of the bundled examples (examples/<NAME>,
// commented for the purpose; default: the default topology) as a starter topology.nix that
// passes `spectrum check`.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';
import { packageRoot, presentTopologyFiles } from '../topology/load/find.js';

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Write a commented starter topology.nix into DIR (default: the current directory)')
    .argument('[dir]', 'directory to write topology.nix into; created if missing', '.')
    .option('--force', 'overwrite an existing topology.nix')
    .option('--example <name>', 'start from this example: default, minimal, laptop (net, USB and GPU VMs, four app VMs), two-networks (a VPN VM chained behind the net VM)', 'default')
    .action(async (dir: string, opts: { force?: boolean; example: string }) => {
      const target = await runInit(dir, opts.force === true, opts.example);
      process.stdout.write(term`wrote ${target}\nnext: edit it, then run \`spectrum check ${target}\`\n`);
    });
}

/** Writes DIR/topology.nix through a temporary file, so a failure leaves nothing half-written. */
export async function runInit(dir: string, force: boolean, example = 'default'): Promise<string> {
  const target = join(dir, 'topology.nix');
  const examples = (await readdir(join(packageRoot(), 'examples'))).sort();
  if (!examples.includes(example)) throw new UserError(term`there is no example ${example}`, `choose one of ${examples.join(', ')}`);
  const starter = await readFile(join(packageRoot(), 'examples', example, 'topology.nix'), 'utf8');
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new UserError(`cannot create directory ${dir}: ${(err as Error).message}`);
  }
  // A topology.nix beside another topology file would make commands run without a file
  // name refuse to choose (find.ts): say so now rather than then.
  const others = presentTopologyFiles(dir).filter((name) => name !== 'topology.nix');
  if (others.length > 0) {
    throw new UserError(`${join(dir, others[0])} is already this directory's topology`, 'keep it, or remove it first to start from the commented topology.nix');
  }
  const temp = join(dir, `.topology.nix.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, starter, { flag: 'wx' });
    // link() refuses to replace an existing file, atomically; rename() replaces it.
    await (force ? rename(temp, target) : link(temp, target));
  } catch (err) {
    if (errno(err) === 'EEXIST') {
      throw new UserError(`${target} already exists`, 'keep it, choose another directory, or overwrite it with --force');
    }
    throw new UserError(`cannot write ${target}: ${(err as Error).message}`);
  } finally {
    await unlink(temp).catch((err) => {
      if (errno(err) !== 'ENOENT') throw err;
    });
  }
  return target;
}
