// The CLI entry: builds the command tree and is the one place errors are caught and printed.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, ToolError } from './diagnostics.js';
import { escapeLines } from './output/term.js';
import { registerCommands } from './commands/index.js';
import { packageRoot } from './topology/load/find.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('spectrum')
    .description('Build an integrity-protected live image of a VM-per-task system from one topology file')
    .version(version(), '-V, --version', 'print the version of spectrum')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander already printed the message (or the help text, which exits 0).
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof UserError) {
    // Messages quote paths and names the user chose; none may act on the terminal.
    process.stderr.write(`spectrum: ${escapeLines(err.message)}\n${err.hint ? `  hint: ${escapeLines(err.hint)}\n` : ''}`);
    return 1;
  }
  if (err instanceof ToolError) {
    process.stderr.write(`spectrum: ${escapeLines(err.message)}\n${err.output ? indent(escapeLines(err.output)) : ''}${err.hint ? `  hint: ${escapeLines(err.hint)}\n` : ''}`);
    return 1;
  }
  const stack = err instanceof Error ? err.stack ?? err.message : String(err);
  process.stderr.write(`spectrum: this is a bug in spectrum; please report it with the lines below.\n${stack}\n`);
  return 70;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

const indent = (text: string): string =>
  text.replace(/\n+$/, '').split('\n').map((l) => `  | ${l}`).join('\n') + '\n';
