// Each VM's VMM must support what the VM asks for (one list of features in vmm/vmms.ts).
import { FEATURE_LABELS, VMMS, VMM_FEATURES, type VmmFeature } from '../../../../vmm/vmms.js';
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';
import { get, getList, getString } from '../view.js';
import type { RawObject } from '../../raw.js';
import type { Span } from '../../../diagnostics.js';

/** What the VM's own settings ask of its VMM, with the value that asks. */
function needs(node: RawObject): Array<{ feature: VmmFeature; span: Span; key: string }> {
  const found: Array<{ feature: VmmFeature; span: Span; key: string }> = [];
  const nonEmpty = (key: string, feature: VmmFeature): void => {
    const list = getList(node, key);
    if (list && list.items.length > 0) found.push({ feature, span: list.span, key });
  };
  nonEmpty('devices', 'vfio');
  nonEmpty('shares', 'virtio-fs');
  // USB devices reach the VM over USB/IP on vsock.
  nonEmpty('usb', 'vsock');
  const display = getString(node, 'display');
  if (display) found.push({ feature: 'display', span: display.span, key: 'display' });
  return found;
}

export function vmmFeatures(ctx: Ctx): void {
  for (const vm of ctx.view.vms) {
    if (vm.vmm === null) continue;
    const vmm = vm.vmm;
    const wanted = needs(vm.node);
    const able = VMMS.filter((v) => wanted.every((w) => VMM_FEATURES[v].includes(w.feature)));
    for (const { feature, span, key } of wanted) {
      if (VMM_FEATURES[vmm].includes(feature)) continue;
      const origin = vm.vmmFromTopology
        ? get(ctx.view.root, 'vmm') === undefined
          ? ' (the default VMM)'
          : ' (the topology\'s vmm)'
        : '';
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
