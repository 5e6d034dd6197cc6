// JSON Schema (draft 2020-12) of the topology file, for editor completion in YAML and JSON.
// Built from the validator's field table: keys, types, allowed values and patterns are the
// ones `spectrum check` enforces.
import type { Field, FieldType, Fields } from './fields.js';
import { MAX_MEMORY_MIB, TOPOLOGY_FIELDS } from './fields.js';
import { FORMATS } from './formats.js';
import { SIZE_PATTERN } from './size.js';

type Schema = Record<string, unknown>;

function typeSchema(type: FieldType): Schema {
  switch (type.kind) {
    case 'string':
      return {
        type: 'string',
        ...(type.values ? { enum: [...type.values] } : {}),
        ...(type.format ? { pattern: FORMATS[type.format].pattern } : {}),
      };
    case 'integer':
      return { type: 'integer', minimum: type.min, maximum: type.max };
    case 'boolean':
      return { type: 'boolean' };
    case 'size':
      return {
        oneOf: [
          { type: 'integer', minimum: 1, maximum: MAX_MEMORY_MIB, description: 'MiB' },
          { type: 'string', pattern: SIZE_PATTERN },
        ],
      };
    case 'list':
      return { type: 'array', items: typeSchema(type.item) };
    case 'record':
      return recordSchema(type.fields);
    case 'map':
      return {
        type: 'object',
        propertyNames: { pattern: FORMATS[type.keyFormat].pattern },
        additionalProperties: typeSchema(type.value),
      };
  }
}

function fieldSchema(field: Field): Schema {
  const schema = typeSchema(field.type);
  return {
    description: field.description,
    ...(field.nullable ? { anyOf: [schema, { type: 'null' }] } : schema),
    ...(field.default === undefined ? {} : { default: field.default }),
    ...(field.example === undefined ? {} : { examples: [field.example] }),
  };
}

function recordSchema(fields: Fields): Schema {
  const required = Object.entries(fields)
    .filter(([, f]) => f.required)
    .map(([key]) => key);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, fieldSchema(f)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

export function topologySchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'spectrum topology',
    description: 'The machine: its VMs, what hardware each owns, and how they connect. Check with `spectrum check`.',
    ...recordSchema(TOPOLOGY_FIELDS),
  };
}
