// Validation: every rule runs over the whole topology, so one run reports every problem.
import { sortDiagnostics, type Diagnostic } from '../../diagnostics.js';
import type { RawNode } from '../raw.js';
import { CODES } from './codes.js';
import { collector, type Rule } from './context.js';
import { actual } from './expect.js';
import { deviceOwners, devicesOnApp } from './rules/devices.js';
import { duplicateItems } from './rules/duplicates.js';
import { reach } from './rules/reach.js';
import { references, usbSource } from './rules/references.js';
import { startCycles } from './rules/cycles.js';
import { uplinks } from './rules/uplink.js';
import { usbClaimOverlaps } from './rules/usb.js';
import { vmmFeatures } from './rules/vmm-features.js';
import { deviceVmsWithoutDevices, noVms } from './rules/warnings.js';
import { checkShape } from './shape.js';
import { topologySpec } from './spec.js';
import type { TopologySpec } from '../language/spec.js';

const RULES: Rule[] = [
  duplicateItems,
  deviceOwners,
  devicesOnApp,
  references,
  reach,
  uplinks,
  usbSource,
  usbClaimOverlaps,
  startCycles,
  vmmFeatures,
  deviceVmsWithoutDevices,
  noVms,
];

export interface Validated {
  diagnostics: Diagnostic[];
  /** The typed values resolve reads; null when the file is not an attribute set at all. */
  spec: TopologySpec | null;
}

export function validate(root: RawNode): Validated {
  const { diagnostics, report } = collector();
  if (root.kind !== 'object') {
    report({
      code: CODES.wrongType,
      span: root.span,
      message: `the topology must be an attribute set (object), not ${actual(root)}`,
      hint: 'start from `spectrum init`, which writes a commented topology.nix',
    });
    return { diagnostics, spec: null };
  }
  // The shape walk runs first and once; every other rule reads the values it parsed.
  const spec = topologySpec(checkShape(root, report));
  for (const rule of RULES) rule({ spec, report });
  return { diagnostics: sortDiagnostics(diagnostics), spec };
}
