// Every command, one file each. Commands only parse flags, call the pipeline and print.
import type { Command } from 'commander';
import { registerFlash } from './flash.js';
import { registerBuild } from './build.js';
import { registerRun } from './run.js';
import { registerCheck } from './check.js';
import { registerGenerate } from './generate.js';
import { registerInit } from './init.js';
import { registerSchema } from './schema.js';

export function registerCommands(program: Command): void {
  void program;
  registerFlash(program);
  registerBuild(program);
  registerRun(program);
  registerInit(program);
  registerCheck(program);
  registerGenerate(program);
  registerSchema(program);
}
