// What can come next on a `spectrum` command line, read from the command tree itself (so a
// new command or flag completes without more code), plus the values only spectrum knows:
// build targets with the VM names of the topology at hand, examples, package sets, disks.
import type { Command, Option } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../topology/load/find.js';

const TOPOLOGY_FILE = /\.(nix|ya?ml|json)$/;
const BUILD_TARGETS = ['live-image', 'host', 'kernel', 'initramfs', 'rootfs'];

const starting = (words: readonly string[], partial: string): string[] => words.filter((w) => w.startsWith(partial));

/** Files and directories (with a trailing "/") whose path starts with `partial`, relative to `cwd`. */
function paths(partial: string, cwd: string, keep: (name: string) => boolean = () => true): string[] {
  const slash = partial.lastIndexOf('/');
  const dir = partial.slice(0, slash + 1);
  const base = partial.slice(slash + 1);
  let entries: string[];
  try {
    entries = readdirSync(join(cwd, dir || '.')).sort();
  } catch {
    return [];
  }
  return entries
    .filter((name) => name.startsWith(base) && (base.startsWith('.') || !name.startsWith('.')))
    .flatMap((name) => {
      const isDir = statSync(join(cwd, dir, name), { throwIfNoEntry: false })?.isDirectory() ?? false;
      return isDir ? [`${dir}${name}/`] : keep(name) ? [`${dir}${name}`] : [];
    });
}

/** Whole disks, as `spectrum flash` takes them (it refuses the ones it must). */
function disks(partial: string): string[] {
  let names: string[];
  try {
    names = readdirSync('/sys/block');
  } catch {
    return [];
  }
  return starting(names.filter((n) => !/^(loop|ram|zram|dm-|md|sr)/.test(n)).map((n) => `/dev/${n}`).sort(), partial);
}

async function vmTargets(file: string | undefined, cwd: string): Promise<string[]> {
  try {
    const { findTopologyFile } = await import('../topology/load/index.js');
    const { loadTopology } = await import('../topology/pipeline.js');
    const found = findTopologyFile(cwd, file);
    const { topology } = await loadTopology(found.path, found.shown);
    return topology ? topology.vms.map((vm) => `vm:${vm.name}`) : [];
  } catch {
    return [];
  }
}

const examples = (): string[] => readdirSync(join(packageRoot(), 'examples')).sort();

function optionValues(option: Option, partial: string, cwd: string): string[] {
  if (option.argChoices) return starting(option.argChoices, partial);
  if (option.long === '--example') return starting(examples(), partial);
  if (['--out', '--out-link', '--against', '--hardware', '--sysfs'].includes(option.long ?? '')) return paths(partial, cwd);
  return [];
}

/**
 * Candidates for the last of `words` (the word being typed, possibly empty); `words` are
 * what follows `spectrum` on the command line.
 */
export async function completeWords(program: Command, words: readonly string[], cwd: string): Promise<string[]> {
  const partial = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  // Internal commands (`__complete`) start with "__" and are hidden from help too.
  const commands = program.commands.filter((c) => !c.name().startsWith('__'));
  if (before.length === 0) return starting([...commands.map((c) => c.name()), '--help', '--version'], partial);
  let command = commands.find((c) => c.name() === before[0]);
  if (!command) return [];
  // A command with subcommands (`hw scan`): the next word names one.
  let rest = before.slice(1);
  while (command.commands.length > 0) {
    const sub: Command | undefined = command.commands.find((c) => c.name() === rest[0]);
    if (!sub) return rest.length === 0 ? starting(command.commands.map((c) => c.name()), partial) : [];
    command = sub;
    rest = rest.slice(1);
  }
  const positionals: string[] = [];
  let pending: Option | null = null;
  for (const word of rest) {
    if (pending) {
      pending = null;
      continue;
    }
    if (word.startsWith('-')) {
      const option = command.options.find((o) => o.long === word || o.short === word);
      if (option && (option.required || option.optional)) pending = option;
      continue;
    }
    positionals.push(word);
  }
  if (pending) return optionValues(pending, partial, cwd);
  if (partial.startsWith('-')) return starting([...command.options.map((o) => o.long ?? o.short ?? ''), '--help'].filter(Boolean), partial);
  const argument = command.registeredArguments[positionals.length]?.name();
  switch (argument) {
    case 'target':
      return starting([...BUILD_TARGETS, ...(await vmTargets(undefined, cwd))], partial);
    case 'file':
      return paths(partial, cwd, (name) => TOPOLOGY_FILE.test(name));
    case 'dir':
    case 'image':
      return paths(partial, cwd);
    case 'device':
      return partial.startsWith('/dev') || partial === '' ? disks(partial) : paths(partial, cwd);
    case 'shell':
      return starting(['bash', 'zsh', 'fish'], partial);
    default:
      return [];
  }
}
