// Every command, one file each. Commands only parse flags, call the pipeline and print.
import type { Command } from 'commander';

export function registerCommands(program: Command): void {
  void program;
}
