// Feeds a captured nix-build log (test/fixtures/nix-logs/<name>.nixlog) through the parser.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLogLine, type NixEvent } from '../../../cli/nix/log.js';
import { BuildState } from '../../../cli/nix/log-state.js';

const dir = fileURLToPath(new URL('../../fixtures/nix-logs/', import.meta.url));

export function fixtureEvents(name: string): NixEvent[] {
  const lines = readFileSync(`${dir}${name}.nixlog`, 'utf8').split('\n');
  return lines.map(parseLogLine).filter((e): e is NixEvent => e !== null);
}

export function replay(name: string, keepLines?: number): BuildState {
  const state = new BuildState(keepLines);
  for (const e of fixtureEvents(name)) state.apply(e);
  return state;
}
