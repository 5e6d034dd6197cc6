// docs/topology.md, written from the field table that check and the schema also read, so the
// reference cannot drift from what `spectrum check` accepts (test/unit/check/reference.test.ts).
import type { Field, FieldType, Fields } from './fields.js';
import { HOST_FIELDS, REACH_FIELDS, SHARE_FIELDS, TOPOLOGY_FIELDS, UPLINK_FIELDS, VM_FIELDS } from './fields.js';

/** Records with a section of their own, by the table that defines them. */
const SECTIONS: ReadonlyArray<readonly [title: string, anchor: string, fields: Fields, intro: string]> = [
  ['The topology', 'the-topology', TOPOLOGY_FIELDS, 'The file itself: `topology.nix`, `.yaml`, `.yml` or `.json`.'],
  ['host', 'host', HOST_FIELDS, 'The host that runs the VMMs.'],
  ['A VM (`vms.<name>`)', 'a-vm-vmsname', VM_FIELDS, 'Each entry of `vms`, keyed by the VM\'s name (`[a-z][a-z0-9-]*`, at most 63 characters).'],
  ['An entry of `shares`', 'an-entry-of-shares', SHARE_FIELDS, 'A host directory shared with the VM over virtio-fs.'],
  ['An entry of `reach`', 'an-entry-of-reach', REACH_FIELDS, 'An opening from this app VM to another app VM of its net VM (docs/networking.md).'],
  ['`uplink`', 'uplink', UPLINK_FIELDS, 'A net VM\'s static uplink address (docs/networking.md); without it, DHCP.'],
];

const sectionOf = (fields: Fields): string | null => {
  const found = SECTIONS.find(([, , f]) => f === fields);
  return found ? `[${found[0].replace(/`/g, '')}](#${found[1]})` : null;
};

function typeText(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return type.values ? `one of ${type.values.map((v) => `\`${v}\``).join(', ')}` : type.format ? `string (${type.format})` : 'string';
    case 'integer':
      return `integer ${type.min}–${type.max}`;
    case 'boolean':
      return 'boolean';
    case 'size':
      return 'size (MiB, or "512M", "2G")';
    case 'list':
      return `list of ${typeText(type.item)}`;
    case 'record':
      return sectionOf(type.fields) ?? 'attribute set';
    case 'map':
      return `attribute set of ${typeText(type.value)}, keyed by ${type.keyLabel}`;
  }
}

const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function row(key: string, field: Field): string {
  const type = typeText(field.type) + (field.nullable ? ', or null' : '');
  const given = field.required ? 'required' : field.default === undefined ? '—' : code(field.default);
  const example = field.example === undefined ? '' : code(field.example);
  return `| \`${key}\` | ${cell(type)} | ${cell(given)} | ${cell(example)} | ${cell(field.description)} |`;
}

export function topologyReference(): string {
  const lines = [
    '# Topology reference',
    '',
    '<!-- Generated from cli/topology/language/fields.ts by test/unit/check/reference.test.ts:',
    '     UPDATE_GOLDEN=1 npx vitest run test/unit/check/reference. Do not edit. -->',
    '',
    'Every key `spectrum check` accepts, with its type, default and an example. The same table',
    'drives the checks and `spectrum schema`. Values are written the same way in Nix, YAML and',
    'JSON; string formats are those in docs/diagnostics.md (SP2010–SP2019, SP2035).',
  ];
  for (const [title, , fields, intro] of SECTIONS) {
    lines.push('', `## ${title}`, intro, '', '| key | type | default | example | description |', '| --- | --- | --- | --- | --- |');
    for (const [key, field] of Object.entries(fields)) lines.push(row(key, field));
  }
  return `${lines.join('\n')}\n`;
}
