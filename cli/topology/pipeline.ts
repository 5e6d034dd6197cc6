// The front of the pipeline: load -> validate -> resolve. Later stages start from `topology`.
// A hardware.json beside the topology (or named) is loaded with it and feeds validate and resolve.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { parseHardware, type HardwareLoad } from '../hardware/parse.js';
import { LOAD_CODES } from './load/codes.js';
import { loadTopologyFile, type LoadResult } from './load/index.js';
import { resolve } from './resolve/index.js';
import type { Topology } from './types.js';
import { validate } from './validate/index.js';

/** The name of the hardware file a topology is checked against when it is beside it. */
export const HARDWARE_FILE = 'hardware.json';

export interface Checked {
  /** null exactly when there are errors. */
  topology: Topology | null;
  /** Load and validation diagnostics together, by position. */
  diagnostics: Diagnostic[];
  /** The decoded source text, for excerpts. */
  text: string;
  /** The hardware file it was checked against, as shown in diagnostics, and its text. */
  hardware: { file: string; text: string } | null;
}

/** The text a diagnostic's excerpt comes from: the topology's, or the hardware file's. */
export const textFor = (checked: Checked, d: Diagnostic): string =>
  checked.hardware && d.span.file === checked.hardware.file ? checked.hardware.text : checked.text;

/**
 * Validates and resolves what a loader produced; `source` is the path as the user gave it.
 * `hardware` (a parsed hardware.json, named `file` in diagnostics) adds the machine's rules
 * and the kernel parameters its devices need; a hardware file with errors is not used.
 */
export function checkLoaded(loaded: LoadResult, source: string, hardware: (HardwareLoad & { file: string }) | null = null): Checked {
  const shown = hardware && { file: hardware.file, text: hardware.text };
  const early = [...loaded.diagnostics, ...(hardware?.diagnostics ?? [])];
  if (!loaded.root) return { topology: null, diagnostics: sortDiagnostics(early), text: loaded.text, hardware: shown };
  // Validation runs even after load errors (e.g. a repeated key) so one run shows everything.
  const machine = hardware?.hardware ?? null;
  const validated = validate(loaded.root, machine);
  const diagnostics = sortDiagnostics([...early, ...validated.diagnostics]);
  const topology = validated.spec && !hasErrors(diagnostics) ? resolve(validated.spec, source, machine) : null;
  return { topology, diagnostics, text: loaded.text, hardware: shown };
}

/** Reads a hardware file; one that cannot be read is an SP1001 diagnostic like a topology's. */
export async function loadHardwareFile(path: string, shown: string): Promise<HardwareLoad & { file: string }> {
  try {
    return { ...parseHardware(await readFile(path), shown), file: shown };
  } catch (err) {
    const diagnostic: Diagnostic = {
      code: LOAD_CODES.unreadable,
      severity: 'error',
      message: `cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      span: { file: shown, line: 1, column: 1, length: 1 },
      hint: 'write it with `spectrum hw scan -o hardware.json`, or name another with --hardware',
    };
    return { hardware: null, diagnostics: [diagnostic], text: '', file: shown };
  }
}

/**
 * Reads `path`; messages and the resolved topology name it `shown`. The hardware file is
 * `hardware` when given, else hardware.json beside the topology when there is one.
 */
export async function loadTopology(path: string, shown = path, hardware?: string): Promise<Checked> {
  const beside = join(dirname(path), HARDWARE_FILE);
  const hwPath = hardware ?? (existsSync(beside) ? beside : null);
  // Shown beside the topology as the user named it, so goldens and messages do not depend on the working directory.
  const hwShown = hardware ?? join(dirname(shown), HARDWARE_FILE);
  const loaded = await loadTopologyFile(path, process.env, shown);
  return checkLoaded(loaded, shown, hwPath === null ? null : await loadHardwareFile(hwPath, hwShown));
}
