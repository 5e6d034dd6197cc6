// Colour reaches a person at a terminal only: shown under a real pty (script(1)), absent in a
// pipe, with NO_COLOR, with TERM=dumb and in CI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../../cli/output/colour.js';
import { REPO } from '../check/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'spectrum-colour-'));
writeFileSync(join(dir, 'topology.nix'), '{ name = "x"; vms.a = { vcpus = 0; }; }\n');
const RED = '\x1b[1;31merror[';

/** `spectrum check` with stdout and stderr on a pseudo-terminal, or on pipes. */
function check(env: Record<string, string>, pty: boolean): string {
  const base = { PATH: process.env.PATH!, TERM: 'xterm', ...env };
  const cli = `${process.execPath} ${join(REPO, 'bin/spectrum.js')} check topology.nix`;
  const argv = pty ? ['script', '-qec', cli, '/dev/null'] : ['sh', '-c', `${cli} 2>&1`];
  try {
    return execFileSync(argv[0]!, argv.slice(1), { cwd: dir, env: base, encoding: 'utf8' });
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

describe('colour', () => {
  it('is on for a terminal, off for a pipe, NO_COLOR, TERM=dumb and CI', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { CI: 'true' })).toBe(false);
  });

  it('shows in check output on a real terminal, and nowhere else', () => {
    expect(check({}, true)).toContain(RED);
    expect(check({ NO_COLOR: '1' }, true)).not.toContain('\x1b[');
    expect(check({}, false)).not.toContain('\x1b[');
    expect(check({}, false)).toContain('error[SP');
  });
});
