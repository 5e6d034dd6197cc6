// Free text (a description) must be something the build can carry: no NUL, at most 4096
// characters. Before SP2019 both passed `check` and then failed generate or the build.
import { describe, expect, it } from 'vitest';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import { parseTopology } from '../../../cli/topology/load/index.js';

const check = (description: string) => {
  const text = JSON.stringify({ name: 'laptop', vms: { notes: { description } } });
  return checkLoaded(parseTopology(text, 'topology.json'), 'topology.json');
};

describe('descriptions', () => {
  it('refuses a NUL and a text longer than 4096 characters, and says which', () => {
    const nul = check('a\u0000b').diagnostics;
    expect(nul.map((d) => [d.code, d.message])).toEqual([['SP2019', 'description contains a NUL character']]);
    const long = check('x'.repeat(4097)).diagnostics;
    expect(long.map((d) => [d.code, d.message])).toEqual([['SP2019', 'description is 4097 characters long, more than 4096']]);
  });

  it('takes any other text up to 4096 characters, control characters and bidi included', () => {
    for (const d of ['x'.repeat(4096), 'tab\tnewline\n\u202eevil\u001b[31m', '', 'ünïcødé 🚀'])
      expect(check(d).diagnostics, JSON.stringify(d)).toEqual([]);
  });
});
