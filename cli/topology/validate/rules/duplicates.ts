// A value listed twice in one VM's list is a slip; VFIO and USB/IP would also refuse it.
import type { Span } from '../../../diagnostics.js';
import { valid, type ListSpec, type VmSpec } from '../../language/spec.js';
import { quote } from '../../../output/quote.js';
import { CODES } from '../codes.js';
import { at, type Ctx } from '../context.js';

// PCI addresses and USB ids arrive lower-case, so "00:1F.6" and "00:1f.6" are one device.
const LISTS = ['devices', 'usb', 'packages', 'after'] as const satisfies ReadonlyArray<keyof VmSpec>;

function reportRepeats(ctx: Ctx, values: Array<{ key: string; span: Span }>, what: (v: string) => string, hint: string): void {
  if (values.length < 2) return;
  const first = new Map<string, Span>();
  for (const { key, span } of values) {
    const seen = first.get(key);
    if (seen) ctx.report({ code: CODES.duplicateItem, span, message: `${what(key)} (first at ${at(seen)})`, hint });
    else first.set(key, span);
  }
}

const keyed = (list: ListSpec<string> | null): Array<{ key: string; span: Span }> =>
  valid(list).map((s) => ({ key: s.value, span: s.span }));

export function duplicateItems(ctx: Ctx): void {
  for (const vm of ctx.spec.vms) {
    for (const list of LISTS) {
      reportRepeats(ctx, keyed(vm[list]), (v) => `${quote(v)} is listed twice in ${list} of VM ${quote(vm.name)}`, 'remove one of them');
    }
    const tags = valid(vm.shares).flatMap(({ value: { tag } }) => (tag ? [{ key: tag.value, span: tag.span }] : []));
    reportRepeats(ctx, tags, (t) => `share tag ${quote(t)} is used twice in VM ${quote(vm.name)}`, 'give each share of a VM its own tag');
    const reached = valid(vm.reach).flatMap(({ value: { vm: target } }) => (target ? [{ key: target.value, span: target.span }] : []));
    reportRepeats(ctx, reached, (t) => `reach of VM ${quote(vm.name)} names ${quote(t)} twice`, 'list every port for that VM in one entry');
  }
}
