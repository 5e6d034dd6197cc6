// The hardware fixtures: test/fixtures/hardware/<machine>/{sysfs/, hardware.json, cases/<case>/}.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatDiagnostic, summarize } from '../../../cli/diagnostics-print.js';
import { parseHardware } from '../../../cli/hardware/parse.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded, textFor, type Checked } from '../../../cli/topology/pipeline.js';
import { REPO } from '../check/fixtures.js';

export const MACHINES_DIR = join(REPO, 'test', 'fixtures', 'hardware');

const dirs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

export const machines = (): string[] => dirs(MACHINES_DIR);
export const cases = (machine: string): string[] => dirs(join(MACHINES_DIR, machine, 'cases'));

/** Paths relative to the repository, as a user in its root would name them. */
export const shown = (path: string): string => relative(REPO, path);

/** A case's topology checked against its machine's golden hardware.json. */
export function checkCase(machine: string, name: string): Checked {
  const topology = join(MACHINES_DIR, machine, 'cases', name, 'topology.nix');
  const hardware = join(MACHINES_DIR, machine, 'hardware.json');
  const hw = { ...parseHardware(readFileSync(hardware), shown(hardware)), file: shown(hardware) };
  return checkLoaded(parseTopology(readFileSync(topology), shown(topology)), shown(topology), hw);
}

/** As `spectrum check` prints it, then the kernel parameters a valid topology derives. */
export function render(checked: Checked): string {
  const printed = checked.diagnostics.map((d) => formatDiagnostic(d, textFor(checked, d))).join('\n');
  const params = checked.topology ? `-- host hardwareParams: ${JSON.stringify(checked.topology.host.hardwareParams)}\n` : '';
  return `${printed}-- ${summarize(checked.diagnostics)}\n${params}`;
}
