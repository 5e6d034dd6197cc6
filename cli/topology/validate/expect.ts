// Wording for type mismatches: what a field wants, what it got, and an example fix.
import type { RawNode } from '../raw.js';
import type { Field, FieldType } from '../language/fields.js';

export function expected(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return type.values ? `one of ${type.values.map((v) => `"${v}"`).join(', ')}` : 'a string';
    case 'integer':
      return `a whole number from ${type.min} to ${type.max}`;
    case 'boolean':
      return 'true or false';
    case 'size':
      return 'a size (whole MiB, or a string like "512M" or "2G")';
    case 'list':
      return `a list of ${plural(type.item)}`;
    case 'record':
    case 'map':
      return 'an attribute set (object)';
  }
}

function plural(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'strings';
    case 'record':
    case 'map':
      return 'attribute sets (objects)';
    default:
      return `${type.kind}s`;
  }
}

export function actual(node: RawNode): string {
  switch (node.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${node.value}`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    case 'object':
      return 'an attribute set (object)';
  }
}

/** An example value in a notation that reads the same in Nix, YAML and JSON. */
export function exampleText(value: unknown): string {
  if (Array.isArray(value)) return `[ ${value.map(exampleText).join(' ')} ]`;
  return JSON.stringify(value);
}

export function typeHint(field: Field | undefined, item: boolean): string {
  const example = field?.example;
  const shown = example === undefined ? null : exampleText(item && Array.isArray(example) ? example[0] : example);
  const leaveOut = field && !item && !field.required ? '; or leave the key out for the default' : '';
  if (shown === null) return `see \`spectrum schema\` for what it takes${leaveOut}`;
  return `for example ${shown}${leaveOut}`;
}
