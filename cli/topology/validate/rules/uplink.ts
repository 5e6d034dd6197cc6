// A net VM's static uplink: only a net VM that owns its network card has one, it must be
// clear which card (exactly one), and its gateway must be on its network.
import { CODES } from '../codes.js';
import type { Ctx } from '../context.js';
import { quote } from '../../../output/quote.js';
import { valid } from '../../language/spec.js';
import { ipv4Network } from '../../language/ipv4.js';

export function uplinks(ctx: Ctx): void {
  for (const vm of ctx.spec.vms) {
    const uplink = vm.uplink;
    if (!uplink || vm.role === null) continue;
    if (vm.role !== 'net') {
      ctx.report({
        code: CODES.uplinkNotNetVm,
        span: uplink.span,
        message: `VM ${quote(vm.name)} has an uplink but is ${vm.role === 'app' ? 'an' : 'a'} ${vm.role} VM`,
        hint: 'only a net VM has an uplink: remove it, or set role = "net" if this VM owns the network card',
      });
      continue;
    }
    if (vm.net) {
      ctx.report({
        code: CODES.uplinkNotNetVm,
        span: uplink.span,
        message: `net VM ${quote(vm.name)} is chained behind ${quote(vm.net.value)}, so its link to it is its uplink and has an address already`,
        hint: `remove the uplink, or remove net = ${quote(vm.net.value)} if this VM owns a network card of its own`,
      });
      continue;
    }
    const cards = valid(vm.devices).length;
    if (cards !== 1) {
      ctx.report({
        code: CODES.uplinkNic,
        span: uplink.span,
        message: `net VM ${quote(vm.name)} has a static uplink but owns ${cards === 0 ? 'no' : cards} PCI devices, so which network card it addresses is not clear`,
        hint: 'a static uplink is for a net VM that owns exactly one network card: list that one card in its devices, or remove the uplink for DHCP',
      });
    }
    const { address, gateway } = uplink.value;
    if (!address) continue;
    const net = ipv4Network(address.value);
    if (net.prefixLength <= 30 && (net.address === net.network || net.address === net.broadcast)) {
      ctx.report({
        code: CODES.uplinkAddressing,
        span: address.span,
        message: `uplink address ${quote(address.value)} of VM ${quote(vm.name)} is its network's ${net.address === net.network ? 'network' : 'broadcast'} address`,
        hint: 'give the VM a host address on that network, neither its first address nor its last',
      });
    }
    if (!gateway) continue;
    const via = ipv4Network(`${gateway.value}/32`).address;
    if (via === net.address || (via & net.mask) >>> 0 !== net.network) {
      ctx.report({
        code: CODES.uplinkAddressing,
        span: gateway.span,
        message:
          via === net.address
            ? `uplink gateway ${quote(gateway.value)} of VM ${quote(vm.name)} is the VM's own address`
            : `uplink gateway ${quote(gateway.value)} of VM ${quote(vm.name)} is not on its network ${quote(net.text)}`,
        hint: 'name the router of the uplink network (often its .1), or widen the prefix length if the router is on it',
      });
    }
  }
}
