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
import { bootDisplay, classFitsRole, iommuGroupsWhole, noIommuGroups, pciOnMachine, sameIdUnassigned } from './rules/hardware-pci.js';
import { usbSeen } from './rules/hardware-usb.js';
import { checkShape } from './shape.js';
import { topologySpec } from './spec.js';
import type { TopologySpec } from '../language/spec.js';
import type { Hardware } from '../../hardware/types.js';

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
  pciOnMachine,
  noIommuGroups,
  iommuGroupsWhole,
  classFitsRole,
  bootDisplay,
  sameIdUnassigned,
  usbSeen,
];

export interface Validated {
  diagnostics: Diagnostic[];
  /** The typed values resolve reads; null when the file is not an attribute set at all. */
  spec: TopologySpec | null;
}

/** `hardware`: the machine's hardware.json, when the topology has one. */
export function validate(root: RawNode, hardware: Hardware | null = null): Validated {
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
  for (const rule of RULES) rule({ spec, hardware, report });
  return { diagnostics: sortDiagnostics(diagnostics), spec };
}
