// `spectrum schema`: the topology's JSON Schema, for editor completion in YAML and JSON.
import type { Command } from 'commander';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of topology files (for editor completion of .yaml and .json)')
    .action(async () => {
      // Loaded on use: the field tables are not needed to start the CLI.
      const { topologySchema } = await import('../topology/language/schema.js');
      process.stdout.write(`${JSON.stringify(topologySchema(), null, 2)}\n`);
    });
}
