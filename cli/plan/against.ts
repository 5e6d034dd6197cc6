// The version of a topology a plan compares with: another file, or the same file at a git
// revision (HEAD by default: topology files live in git), written to a temporary directory
// under its own name so that it loads exactly as it would from the checkout.
import { execa } from 'execa';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../diagnostics.js';
import { term } from '../output/term.js';
import { HARDWARE_FILE } from '../topology/pipeline.js';

export interface Previous {
  /** What the plan names it by: the file, or REV:PATH. */
  shown: string;
  path: string;
  cleanup(): Promise<void>;
}

export async function previousVersion(current: string, against: string | undefined, cwd: string): Promise<Previous> {
  if (against !== undefined && existsSync(resolve(cwd, against))) {
    return { shown: against, path: resolve(cwd, against), cleanup: async () => {} };
  }
  const rev = against ?? 'HEAD';
  const git = (args: string[], dir: string) => execa('git', ['-C', dir, ...args], { reject: false, encoding: 'buffer' });
  const top = await git(['rev-parse', '--show-toplevel'], dirname(current));
  if (top.code === 'ENOENT') throw new UserError('git is not installed, so there is no earlier version to compare with', 'pass the earlier version as a file: --against FILE');
  if (top.exitCode !== 0) {
    throw new UserError(term`${current} is not in a git repository, so there is no earlier version to compare with`, 'pass the earlier version as a file: --against FILE');
  }
  const root = Buffer.from(top.stdout).toString('utf8').trim();
  const path = relative(root, realpathSync(current));
  const shown = `${rev}:${path}`;
  const content = await git(['show', `${rev}:${path}`], root);
  if (content.exitCode !== 0) {
    const why = Buffer.from(content.stderr).toString('utf8').trim().split('\n')[0] ?? '';
    throw new UserError(term`there is no ${shown} to compare with (${why})`, 'commit the topology first, name another revision with --against REV, or a file with --against FILE');
  }
  const dir = await mkdtemp(join(tmpdir(), 'spectrum-plan-against-'));
  const file = join(dir, basename(current));
  await writeFile(file, content.stdout);
  // The machine as it was then, beside it: else the hardware's kernel parameters would show as new.
  const hardware = await git(['show', `${rev}:${join(dirname(path), HARDWARE_FILE)}`], root);
  if (hardware.exitCode === 0) await writeFile(join(dir, 'hardware.json'), hardware.stdout);
  return { shown, path: file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
