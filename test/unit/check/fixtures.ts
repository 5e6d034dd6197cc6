// The golden cases of `spectrum check`: test/fixtures/check/<case>/topology.{nix,yaml,json}.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded, type Checked } from '../../../cli/topology/pipeline.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CASES_DIR = join(REPO, 'test', 'fixtures', 'check');
export const SYNTAXES = ['nix', 'yaml', 'json'] as const;
export type Syntax = (typeof SYNTAXES)[number];

export const caseNames = (): string[] =>
  readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

export function caseFiles(name: string): Array<{ syntax: Syntax; path: string; file: string }> {
  return SYNTAXES.map((syntax) => {
    const path = join(CASES_DIR, name, `topology.${syntax}`);
    // Diagnostics name the file relative to the repository, so goldens do not depend on where it is checked out.
    return { syntax, path, file: relative(REPO, path) };
  }).filter(({ path }) => existsSync(path));
}

export const checkFile = (path: string, file: string): Checked => checkLoaded(parseTopology(readFileSync(path), file), file);
