// Each VM's VMM must support what the VM asks for (each VMM's features are in its own file).
import { FEATURE_LABELS, VMMS, vmmNamed } from '../../../../vmm/index.js';
import type { VmmFeature } from '../../../../vmm/types.js';
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';
import type { VmSpec } from '../../language/spec.js';
import type { Span } from '../../../diagnostics.js';

/** What the VM's own settings ask of its VMM, with the value that asks. */
function needs(vm: VmSpec): Array<{ feature: VmmFeature; span: Span; key: string }> {
  const found: Array<{ feature: VmmFeature; span: Span; key: string }> = [];
  const nonEmpty = (key: 'devices' | 'shares' | 'usb', feature: VmmFeature): void => {
    const list = vm[key];
    if (list && list.value.length > 0) found.push({ feature, span: list.span, key });
  };
  nonEmpty('devices', 'vfio');
  nonEmpty('shares', 'virtio-fs');
  // USB devices reach the VM over USB/IP on vsock.
  nonEmpty('usb', 'vsock');
  const display = vm.display;
  if (display) found.push({ feature: 'display', span: display.span, key: 'display' });
  return found;
}

const ORIGIN: Record<VmSpec['vmmFrom'], string> = { vm: '', topology: ' (the topology\'s vmm)', default: ' (the default VMM)' };

export function vmmFeatures(ctx: Ctx): void {
  for (const vm of ctx.spec.vms) {
    if (vm.vmm === null) continue;
    const vmm = vm.vmm;
    const wanted = needs(vm);
    const able = VMMS.filter((v) => wanted.every((w) => v.features.includes(w.feature))).map((v) => v.name);
    for (const { feature, span, key } of wanted) {
      if (vmmNamed(vmm).features.includes(feature)) continue;
      const origin = ORIGIN[vm.vmmFrom];
      ctx.report({
        code: CODES.vmmLacksFeature,
        span,
        message: `VM ${quote(vm.name)} runs under ${vmm}${origin}, which cannot provide ${FEATURE_LABELS[feature]} asked for by ${key}`,
        hint:
          able.length > 0
            ? `set vmm of this VM to ${able.map((v) => `"${v}"`).join(' or ')}, or remove ${key}`
            : `no VMM provides everything this VM asks for: remove ${key}`,
      });
    }
  }
}
