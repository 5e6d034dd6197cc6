// What `spectrum build` can build, and which attribute of the generated tree each one is.
import { UserError } from '../diagnostics.js';
import { didYouMean } from '../topology/validate/suggest.js';

const SIMPLE = ['live-image', 'host', 'kernel', 'initramfs', 'rootfs'] as const;

export type Target = { kind: (typeof SIMPLE)[number] } | { kind: 'vm'; name: string };

/** Target names as `--help` and error messages list them. */
export const TARGET_USAGE = [...SIMPLE, 'vm:<name>'].join(' | ');

/** Parses the TARGET argument against the topology's VM names. */
export function resolveTarget(text: string, vmNames: readonly string[]): Target {
  const simple = SIMPLE.find((t) => t === text);
  if (simple) return { kind: simple };
  const vmTargets = vmNames.map((n) => `vm:${n}`);
  if (text.startsWith('vm:')) {
    const name = text.slice(3);
    if (vmNames.includes(name)) return { kind: 'vm', name };
    const guess = didYouMean(text, vmTargets);
    throw new UserError(
      `the topology has no VM named "${name}"${guess ? `; ${guess}` : ''}`,
      `its VMs: ${vmTargets.join(', ') || '(none)'}`,
    );
  }
  const guess = vmNames.includes(text) ? `did you mean "vm:${text}"?` : didYouMean(text, [...SIMPLE, ...vmTargets]);
  throw new UserError(`unknown build target "${text}"${guess ? `; ${guess}` : ''}`, `targets: ${TARGET_USAGE}`);
}

/** The attribute path of the target in the generated default.nix. */
export const targetAttr = (target: Target): string => (target.kind === 'vm' ? `vms.${target.name}` : target.kind);

/** The target as the user writes it. */
export const targetLabel = (target: Target): string => (target.kind === 'vm' ? `vm:${target.name}` : target.kind);
