// A value listed twice in one VM's list is a slip; VFIO and USB/IP would also refuse it.
import { CODES } from '../codes.js';
import { at, type Ctx } from '../context.js';
import { normalizePci, normalizeUsb } from '../../language/formats.js';
import { quote } from '../../../output/quote.js';
import { get, getObjects, getStrings, type RawString } from '../view.js';
import type { Span } from '../../../diagnostics.js';

const LISTS: Array<[key: string, normalize: (v: string) => string | null]> = [
  ['devices', normalizePci],
  ['usb', normalizeUsb],
  ['packages', (v) => v],
  ['after', (v) => v],
];

function reportRepeats(ctx: Ctx, values: Array<{ key: string; span: Span }>, what: (v: string) => string, hint: string): void {
  if (values.length < 2) return;
  const first = new Map<string, Span>();
  for (const { key, span } of values) {
    const seen = first.get(key);
    if (seen) ctx.report({ code: CODES.duplicateItem, span, message: `${what(key)} (first at ${at(seen)})`, hint });
    else first.set(key, span);
  }
}

export function duplicateItems(ctx: Ctx): void {
  for (const vm of ctx.view.vms) {
    for (const [list, normalize] of LISTS) {
      const values = getStrings(vm.node, list).flatMap((s: RawString) => {
        const key = normalize(s.value);
        return key === null ? [] : [{ key, span: s.span }];
      });
      reportRepeats(ctx, values, (v) => `${quote(v)} is listed twice in ${list} of VM ${quote(vm.name)}`, 'remove one of them');
    }
    const tags = getObjects(vm.node, 'shares').flatMap((share) => {
      const tag = get(share, 'tag');
      return tag?.kind === 'string' ? [{ key: tag.value, span: tag.span }] : [];
    });
    reportRepeats(ctx, tags, (t) => `share tag ${quote(t)} is used twice in VM ${quote(vm.name)}`, 'give each share of a VM its own tag');
  }
}
