// Every command, one file each. Commands only parse flags, call the pipeline and print.
// Registered in pipeline order, which is the order `spectrum --help` lists them in.
import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerHw } from './hw.js';
import { registerCheck } from './check.js';
import { registerSchema } from './schema.js';
import { registerGenerate } from './generate.js';
import { registerGraph } from './graph.js';
import { registerPlan } from './plan.js';
import { registerBuild } from './build.js';
import { registerRun } from './run.js';
import { registerFlash } from './flash.js';
import { registerCompletion } from './completion.js';

export function registerCommands(program: Command): void {
  registerInit(program);
  registerHw(program);
  registerCheck(program);
  registerSchema(program);
  registerGenerate(program);
  registerGraph(program);
  registerPlan(program);
  registerBuild(program);
  registerRun(program);
  registerFlash(program);
  registerCompletion(program);
}
