// docs/topology.md is the field table written out: stale means a key, type or default changed
// without the reference. After an intended change:
//   UPDATE_GOLDEN=1 npx vitest run test/unit/check/reference
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { topologyReference } from '../../../cli/topology/language/reference.js';
import { TOPOLOGY_FIELDS, VM_FIELDS } from '../../../cli/topology/language/fields.js';
import { REPO } from './fixtures.js';

const DOC = join(REPO, 'docs/topology.md');

it('docs/topology.md is generated from the field table and up to date', () => {
  const text = topologyReference();
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, text);
  expect(readFileSync(DOC, 'utf8'), 'UPDATE_GOLDEN=1 npx vitest run test/unit/check/reference').toBe(text);
  for (const key of [...Object.keys(TOPOLOGY_FIELDS), ...Object.keys(VM_FIELDS)]) expect(text).toContain(`| \`${key}\` |`);
});
