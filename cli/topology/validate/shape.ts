// The shape rule: walks the field table over the raw tree and checks every single value:
// unknown and missing keys, types, allowed values, formats, sizes and counts.
import type { Span } from '../../diagnostics.js';
import type { RawNode, RawObject } from '../raw.js';
import { CODES, FORMAT_CODES } from './codes.js';
import type { Ctx } from './context.js';
import { actual, expected, typeHint } from './expect.js';
import { HOST_FIELDS, TOPOLOGY_FIELDS, VM_FIELDS, type Field, type FieldType, type Fields } from '../language/fields.js';
import { FORMATS } from '../language/formats.js';
import { quote } from '../../output/quote.js';
import { parseSize } from '../language/size.js';
import { didYouMean } from './suggest.js';

/**
 * Where a value sits, for messages: "memory of VM "web"", "unknown key … in VM "web"".
 * Built only when a message needs it: a valid 10,000-VM file quotes no names.
 */
interface Scope {
  of(): string;
  in(): string;
}

const TOP: Scope = { of: () => '', in: () => ' at the top level' };
const scopeOf = (label: () => string): Scope => ({ of: () => ` of ${label()}`, in: () => ` in ${label()}` });

const firstLine = (span: Span): Span => ({ ...span, length: 1 });

/** A key that is valid somewhere else is most likely in the wrong place. */
function elsewhere(key: string, value: RawNode, scope: Scope): string | null {
  if (scope !== TOP) return Object.hasOwn(HOST_FIELDS, key) ? `${key} belongs in host` : null;
  if (Object.hasOwn(VM_FIELDS, key)) return `${key} is a setting of one VM: move it into that VM under vms`;
  if (Object.hasOwn(HOST_FIELDS, key)) return `${key} belongs in host`;
  return value.kind === 'object' ? `VMs are defined under vms: move ${quote(key)} there` : null;
}

/** Whether a value of this kind could belong to the type, before any closer check. */
function takes(type: FieldType, node: RawNode): boolean {
  switch (type.kind) {
    case 'string':
      return node.kind === 'string';
    case 'integer':
      return node.kind === 'number';
    case 'boolean':
      return node.kind === 'boolean';
    case 'size':
      return node.kind === 'number' || node.kind === 'string';
    case 'list':
      return node.kind === 'array';
    case 'record':
    case 'map':
      return node.kind === 'object';
  }
}

const required = new Map<Fields, string[]>();

/** Keys a record must have, listed once per table rather than once per VM. */
function requiredKeys(fields: Fields): string[] {
  let keys = required.get(fields);
  if (!keys) required.set(fields, (keys = Object.keys(fields).filter((k) => fields[k].required)));
  return keys;
}

function checkRecord(ctx: Ctx, node: RawObject, fields: Fields, scope: Scope): void {
  for (const e of node.entries) {
    const field = Object.hasOwn(fields, e.key) ? fields[e.key] : undefined;
    if (field) {
      checkValue(ctx, e.value, field.type, field, () => e.key, scope, false);
      continue;
    }
    const keys = Object.keys(fields);
    // "vm = { … }" is more likely "vms" than "vmm": prefer keys that take this kind of value.
    const fitting = keys.filter((k) => takes(fields[k].type, e.value));
    ctx.report({
      code: CODES.unknownKey,
      span: e.keySpan,
      message: `unknown key ${quote(e.key)}${scope.in()}`,
      hint:
        didYouMean(e.key, fitting) ?? didYouMean(e.key, keys) ?? elsewhere(e.key, e.value, scope) ?? `known keys: ${keys.join(', ')}`,
    });
  }
  for (const key of requiredKeys(fields)) {
    if (!node.entries.some((e) => e.key === key)) {
      const field = fields[key];
      ctx.report({
        code: CODES.missingKey,
        span: firstLine(node.span),
        message: `missing key ${quote(key)}${scope.in()}`,
        hint: `add ${key}, ${typeHint(field, false)}`,
      });
    }
  }
}

function checkString(ctx: Ctx, value: string, span: Span, type: Extract<FieldType, { kind: 'string' }>, label: () => string): void {
  if (type.values && !type.values.includes(value)) {
    ctx.report({
      code: CODES.notAllowedValue,
      span,
      message: `${label()} must be ${expected(type)}, not ${quote(value)}`,
      hint: didYouMean(value, type.values) ?? `use one of ${type.values.map((v) => `"${v}"`).join(', ')}`,
    });
  }
  if (type.format) {
    const format = FORMATS[type.format];
    const problem = format.check(value, type.label ?? 'value');
    if (problem) ctx.report({ code: FORMAT_CODES[type.format], span, ...problem });
  }
}

function checkValue(
  ctx: Ctx,
  node: RawNode,
  type: FieldType,
  field: Field | undefined,
  name: () => string,
  scope: Scope,
  item: boolean,
): void {
  const label = (): string => `${name()}${scope.of()}`;
  if (node.kind === 'null' && field?.nullable) return;
  const wrong = (): void =>
    ctx.report({
      code: CODES.wrongType,
      span: node.span,
      message: `${label()} must be ${expected(type)}, not ${actual(node)}`,
      hint: typeHint(field, item),
    });
  switch (type.kind) {
    case 'string':
      return node.kind === 'string' ? checkString(ctx, node.value, node.span, type, label) : wrong();
    case 'boolean':
      return node.kind === 'boolean' ? undefined : wrong();
    case 'integer':
      if (node.kind !== 'number') return wrong();
      if (!Number.isInteger(node.value) || node.value < type.min || node.value > type.max) {
        ctx.report({
          code: CODES.badCount,
          span: node.span,
          message: `${label()} must be ${expected(type)}, not ${node.value}`,
          hint: typeHint(field, item),
        });
      }
      return;
    case 'size': {
      if (node.kind !== 'number' && node.kind !== 'string') return wrong();
      const size = parseSize(node.value);
      if ('problem' in size) ctx.report({ code: CODES.badSize, span: node.span, ...size.problem });
      return;
    }
    case 'list':
      if (node.kind !== 'array') return wrong();
      node.items.forEach((it, i) => checkValue(ctx, it, type.item, field, () => `${name()} entry ${i + 1}`, scope, true));
      return;
    case 'record':
      return node.kind === 'object' ? checkRecord(ctx, node, type.fields, scopeOf(label)) : wrong();
    case 'map':
      if (node.kind !== 'object') return wrong();
      return checkMap(ctx, node, type);
  }
}

function checkMap(ctx: Ctx, node: RawObject, type: Extract<FieldType, { kind: 'map' }>): void {
  const format = FORMATS[type.keyFormat];
  for (const e of node.entries) {
    const problem = format.check(e.key, type.keyLabel);
    if (problem) ctx.report({ code: FORMAT_CODES[type.keyFormat], span: e.keySpan, ...problem });
    checkValue(ctx, e.value, type.value, undefined, () => `VM ${quote(e.key)}`, TOP, false);
  }
}

export function shapeRule(ctx: Ctx): void {
  checkRecord(ctx, ctx.view.root, TOPOLOGY_FIELDS, TOP);
}
