// Writes a plain value as a topology file in each syntax, escaping every string the way
// that syntax requires, so the same value can be fed through all three loaders.
type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

const isObject = (v: Value): v is { [key: string]: Value } => v !== null && typeof v === 'object' && !Array.isArray(v);

function nixString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function nix(v: Value, indent: string): string {
  if (typeof v === 'string') return nixString(v);
  // A list element cannot start with `-` in Nix (`[ -1 ]` is a syntax error).
  if (typeof v === 'number' && v < 0) return `(${v})`;
  if (v === null || typeof v !== 'object') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return v.length === 0 ? '[ ]' : `[\n${v.map((x) => inner + nix(x, inner)).join('\n')}\n${indent}]`;
  const key = (k: string) => (/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(k) && !['let', 'in', 'rec', 'with', 'inherit', 'if', 'then', 'else', 'assert', 'or'].includes(k) ? k : nixString(k));
  const entries = Object.entries(v);
  return entries.length === 0 ? '{ }' : `{\n${entries.map(([k, x]) => `${inner}${key(k)} = ${nix(x, inner)};`).join('\n')}\n${indent}}`;
}

// YAML double-quoted scalars take only printable characters; everything else is escaped.
function yamlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function yaml(v: Value, indent: string): string {
  if (typeof v === 'string') return yamlString(v);
  if (v === null || typeof v !== 'object') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : v.map((x) => `\n${indent}- ${yaml(x, inner)}`).join('');
  const entries = Object.entries(v);
  return entries.length === 0 ? '{}' : entries.map(([k, x]) => `\n${indent}${yamlString(k)}: ${yaml(x, inner)}`).join('');
}

export function serialize(value: Value, syntax: 'nix' | 'yaml' | 'json'): string {
  if (syntax === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  if (syntax === 'nix') return `${nix(value, '')}\n`;
  return `${yaml(value, '').replace(/^\n/, '')}\n`;
}

export type { Value };
export { isObject };
