// The shape walk: walks the field table over the raw tree, checks every single value
// (unknown and missing keys, types, allowed values, formats, sizes and counts) and returns
// each one parsed, with its span: null where the value failed, absent where it was not given.
import type { Span } from '../../diagnostics.js';
import type { At } from '../language/spec.js';
import type { RawNode, RawObject } from '../raw.js';
import { CODES, FORMAT_CODES } from './codes.js';
import type { Report } from './context.js';
import { actual, expected, typeHint } from './expect.js';
import { HOST_FIELDS, TOPOLOGY_FIELDS, VM_FIELDS, type Field, type FieldType, type Fields } from '../language/fields.js';
import { FORMATS, normalize } from '../language/formats.js';
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

/** A parsed attribute set: its keys' values (null: failed its check), given keys only. */
export type Values = Record<string, At<unknown> | null>;

/** A parsed `map`: its entries in file order. */
export interface MapEntry {
  key: string;
  keySpan: Span;
  value: At<unknown> | null;
}

interface Ctx {
  report(r: Report): void;
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

function checkRecord(ctx: Ctx, node: RawObject, fields: Fields, scope: Scope): Values {
  const values: Values = {};
  for (const e of node.entries) {
    const field = Object.hasOwn(fields, e.key) ? fields[e.key] : undefined;
    if (field) {
      const value = checkValue(ctx, e.value, field.type, field, () => e.key, scope, false);
      // A null is the same as leaving the key out (reported where the field does not allow it).
      if (e.value.kind !== 'null') values[e.key] = value ?? null;
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
  return values;
}

function checkString(ctx: Ctx, value: string, span: Span, type: Extract<FieldType, { kind: 'string' }>, label: () => string): At<string> | null {
  let ok = true;
  if (type.values && !type.values.includes(value)) {
    ok = false;
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
    if (problem) {
      ctx.report({ code: FORMAT_CODES[type.format], span, ...problem });
      return null;
    }
    return ok ? { value: normalize(type.format, value), span } : null;
  }
  return ok ? { value, span } : null;
}

/** The parsed value; undefined for a null the field allows (the same as leaving it out). */
function checkValue(
  ctx: Ctx,
  node: RawNode,
  type: FieldType,
  field: Field | undefined,
  name: () => string,
  scope: Scope,
  item: boolean,
): At<unknown> | null | undefined {
  const label = (): string => `${name()}${scope.of()}`;
  if (node.kind === 'null' && field?.nullable) return undefined;
  const wrong = (): null => {
    ctx.report({
      code: CODES.wrongType,
      span: node.span,
      message: `${label()} must be ${expected(type)}, not ${actual(node)}`,
      hint: typeHint(field, item),
    });
    return null;
  };
  const { span } = node;
  switch (type.kind) {
    case 'string':
      return node.kind === 'string' ? checkString(ctx, node.value, span, type, label) : wrong();
    case 'boolean':
      return node.kind === 'boolean' ? { value: node.value, span } : wrong();
    case 'integer':
      if (node.kind !== 'number') return wrong();
      if (!Number.isInteger(node.value) || node.value < type.min || node.value > type.max) {
        ctx.report({
          code: CODES.badCount,
          span,
          message: `${label()} must be ${expected(type)}, not ${node.value}`,
          hint: typeHint(field, item),
        });
        return null;
      }
      return { value: node.value, span };
    case 'size': {
      if (node.kind !== 'number' && node.kind !== 'string') return wrong();
      const size = parseSize(node.value);
      if ('problem' in size) {
        ctx.report({ code: CODES.badSize, span, ...size.problem });
        return null;
      }
      return { value: size.mib, span };
    }
    case 'list':
      if (node.kind !== 'array') return wrong();
      return {
        value: node.items.map((it, i) => checkValue(ctx, it, type.item, field, () => `${name()} entry ${i + 1}`, scope, true) ?? null),
        span,
      };
    case 'record':
      return node.kind === 'object' ? { value: checkRecord(ctx, node, type.fields, scopeOf(label)), span } : wrong();
    case 'map':
      if (node.kind !== 'object') return wrong();
      return { value: checkMap(ctx, node, type), span };
  }
}

function checkMap(ctx: Ctx, node: RawObject, type: Extract<FieldType, { kind: 'map' }>): MapEntry[] {
  const format = FORMATS[type.keyFormat];
  return node.entries.map((e) => {
    const problem = format.check(e.key, type.keyLabel);
    if (problem) ctx.report({ code: FORMAT_CODES[type.keyFormat], span: e.keySpan, ...problem });
    const value = checkValue(ctx, e.value, type.value, undefined, () => `VM ${quote(e.key)}`, TOP, false) ?? null;
    return { key: e.key, keySpan: e.keySpan, value };
  });
}

/** Checks the whole topology against the field table; returns its top-level values. */
export function checkShape(root: RawObject, report: (r: Report) => void): Values {
  return checkRecord({ report }, root, TOPOLOGY_FIELDS, TOP);
}
