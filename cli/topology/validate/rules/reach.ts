// Openings between app VMs (`reach`): only to another VM that the same net VM routes for,
// since that net VM is the one that lets the traffic through.
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';
import { valid } from '../../language/spec.js';
import { unknown } from './references.js';

export function reach(ctx: Ctx): void {
  for (const vm of ctx.spec.vms) {
    for (const { value: entry } of valid(vm.reach)) {
      const ref = entry.vm;
      if (!ref) continue;
      const target = ctx.spec.byName.get(ref.value);
      if (!target) {
        unknown(ctx, ref, 'reach', vm);
      } else if (target === vm) {
        ctx.report({
          code: CODES.reachSelf,
          span: ref.span,
          message: `reach of VM ${quote(vm.name)} names the VM itself`,
          hint: 'a VM always reaches itself; name another app VM of its net VM, or remove the entry',
        });
      } else if (!vm.net || !target.net || vm.net.value !== target.net.value) {
        const behind = (v: typeof vm) => (v.net ? `behind ${quote(v.net.value)}` : 'without a net VM');
        ctx.report({
          code: CODES.reachOtherNet,
          span: ref.span,
          message: `reach of VM ${quote(vm.name)} names ${quote(target.name)}, which is not behind the same net VM (${quote(vm.name)} is ${behind(vm)}, ${quote(target.name)} ${behind(target)})`,
          hint: 'a net VM opens paths only between the app VMs it routes for: give both the same net, or remove the entry',
        });
      }
    }
  }
}
