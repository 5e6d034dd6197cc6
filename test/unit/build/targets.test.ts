import { describe, expect, it } from 'vitest';
import { UserError } from '../../../cli/diagnostics.js';
import { resolveTarget, targetAttr, targetLabel } from '../../../cli/build/targets.js';

const vms = ['browser', 'notes', 'sys-net'];

function failure(text: string): UserError {
  try {
    resolveTarget(text, vms);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`${text} was accepted`);
}

describe('build targets', () => {
  it.each([
    ['live-image', 'live-image'],
    ['host', 'host'],
    ['kernel', 'kernel'],
    ['initramfs', 'initramfs'],
    ['rootfs', 'rootfs'],
    ['vm:sys-net', 'vms.sys-net'],
  ])('%s builds attribute %s', (text, attr) => {
    const target = resolveTarget(text, vms);
    expect(targetAttr(target)).toBe(attr);
    expect(targetLabel(target)).toBe(text);
  });

  it('suggests the closest target for a typo', () => {
    expect(failure('live-imge').message).toBe('unknown build target "live-imge"; did you mean "live-image"?');
    expect(failure('initrd').message).toBe('unknown build target "initrd"');
    expect(failure('initrd').hint).toBe('targets: live-image | host | kernel | initramfs | rootfs | vm:<name>');
  });

  it('points a bare VM name at its vm: target', () => {
    expect(failure('browser').message).toBe('unknown build target "browser"; did you mean "vm:browser"?');
  });

  it('rejects an unknown VM with a suggestion and the list of VMs', () => {
    const err = failure('vm:sys-nett');
    expect(err.message).toBe('the topology has no VM named "sys-nett"; did you mean "vm:sys-net"?');
    expect(err.hint).toBe('its VMs: vm:browser, vm:notes, vm:sys-net');
    expect(failure('vm:').message).toMatch(/^the topology has no VM named ""/);
  });
});
