// `spectrum schema`: the topology's JSON Schema, for editor completion in YAML and JSON.
import type { Command } from 'commander';
import { topologySchema } from '../topology/schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of topology files (for editor completion of .yaml and .json)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(topologySchema(), null, 2)}\n`);
    });
}
