// Builds a resolved topology from a plain value through the real JSON loader and pipeline.
import { expect } from 'vitest';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import type { Topology, Vm } from '../../../cli/topology/types.js';

export function resolveValue(value: unknown, file = 'topology.json'): Topology {
  const checked = checkLoaded(parseTopology(JSON.stringify(value, null, 2), file), file);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return checked.topology!;
}

export const vmOf = (topology: Topology, name: string): Vm => {
  const vm = topology.vms.find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm;
};
