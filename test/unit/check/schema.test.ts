// The schema and the validator agree: whatever `spectrum check` accepts, the schema accepts,
// and what the schema can express (keys, types, values, formats) it rejects as check does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologySchema } from '../../../cli/topology/language/schema.js';
import { CODES } from '../../../cli/topology/validate/codes.js';
import { caseFiles, caseNames, checkFile } from './fixtures.js';

type Schema = Record<string, any>;

/** The subset of JSON Schema 2020-12 that topologySchema uses. */
function accepts(schema: Schema, value: unknown): boolean {
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => accepts(s, value))) return false;
  if (schema.oneOf && schema.oneOf.filter((s: Schema) => accepts(s, value)).length !== 1) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  switch (schema.type) {
    case undefined:
      return true;
    case 'string':
      return typeof value === 'string' && (!schema.pattern || new RegExp(schema.pattern, 'u').test(value));
    case 'integer':
      return Number.isInteger(value) && (value as number) >= (schema.minimum ?? -Infinity) && (value as number) <= (schema.maximum ?? Infinity);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value) && value.every((v) => accepts(schema.items, v));
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      const obj = value as Record<string, unknown>;
      if ((schema.required ?? []).some((k: string) => !(k in obj))) return false;
      return Object.entries(obj).every(([k, v]) => {
        if (schema.propertyNames && !accepts({ type: 'string', ...schema.propertyNames }, k)) return false;
        if (schema.properties && Object.hasOwn(schema.properties, k)) return accepts(schema.properties[k], v);
        if (schema.additionalProperties === false) return false;
        return schema.additionalProperties ? accepts(schema.additionalProperties, v) : true;
      });
    }
    default:
      throw new Error(`schema uses type ${schema.type}, which this test does not know`);
  }
}

// Problems of a single value, which a JSON Schema can express.
const EXPRESSIBLE: string[] = [
  CODES.unknownKey,
  CODES.wrongType,
  CODES.missingKey,
  CODES.notAllowedValue,
  CODES.badName,
  CODES.badCount,
  CODES.badPci,
  CODES.badUsb,
  CODES.badShareTag,
  CODES.badPackage,
  CODES.badKernelParam,
  CODES.badText,
  CODES.badAddress,
];

describe('topologySchema', () => {
  const schema = topologySchema();

  it.each(caseNames())('agrees with check on fixture %s', (name) => {
    const json = caseFiles(name).find((f) => f.syntax === 'json')!;
    const codes = checkFile(json.path, json.file).diagnostics.map((d) => d.code);
    const value = JSON.parse(readFileSync(json.path, 'utf8'));
    if (codes.some((c) => EXPRESSIBLE.includes(c))) expect(accepts(schema, value)).toBe(false);
    // The schema's size pattern is looser than check (it cannot say "whole MiB" or "at most 16 TiB").
    else if (!codes.includes(CODES.badSize)) expect(accepts(schema, value)).toBe(true);
  });

  it('accepts sizes that check accepts and rejects fractions and decimal units', () => {
    const memory = (m: unknown) => accepts(schema, { name: 'a', vms: { b: { memory: m } } });
    expect(['1024K', '512M', '2G', '1T', '4GiB', 768].map(memory)).toEqual([true, true, true, true, true, true]);
    expect(['1.5G', '2GB', '512m', 1.5, 0, '512'].map(memory)).toEqual([false, false, false, false, false, false]);
  });
});
