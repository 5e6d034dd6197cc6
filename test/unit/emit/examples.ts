// The topologies the golden, determinism and instantiate tests run on, found by listing:
// every examples/<name>/ and every test/fixtures/generate/<case>/input/ holding a topology
// file. Its first file in the loader's preference order is the primary one, any others are
// twins of it in another syntax.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOPOLOGY_NAMES } from '../../../cli/topology/load/find.js';

export const GOLDEN_DIR = join('test', 'fixtures', 'generate');

export interface Case {
  name: string;
  /** Relative to the repository root, which is where the tests run. */
  primary: string;
  twins: string[];
}

const subdirs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

function caseIn(name: string, dir: string): Case[] {
  const files = TOPOLOGY_NAMES.map((f) => join(dir, f)).filter((f) => existsSync(f));
  return files.length ? [{ name, primary: files[0], twins: files.slice(1) }] : [];
}

export const listCases = (): Case[] => [
  ...subdirs('examples').flatMap((name) => caseIn(name, join('examples', name))),
  ...subdirs(GOLDEN_DIR).flatMap((name) => caseIn(name, join(GOLDEN_DIR, name, 'input'))),
];
