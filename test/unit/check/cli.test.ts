// The real executable: exit codes, streams, --help, and no stack trace for bad input.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VMM_NAMES } from '../../../vmm/index.js';
import { ROLES } from '../../../cli/topology/language/roles.js';
import { REPO } from './fixtures.js';

function spectrum(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'spectrum.js'), ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** A source file newer than its compiled output, if any: dist/ is what bin/spectrum.js runs. */
function staleSource(dir: string): string | null {
  for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const source = join(entry.parentPath, entry.name);
    const built = join(REPO, 'dist', relative(REPO, source)).replace(/\.ts$/, '.js');
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) return source;
  }
  return null;
}

beforeAll(() => {
  // `npm test` builds first; rebuilding then would rewrite dist/ under other test files that
  // spawn the CLI in parallel. Build only when a source changed since the last build.
  if (staleSource('cli') === null && staleSource('vmm') === null) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'pipe' });
  } catch (err) {
    // Type errors elsewhere in the tree still emit JavaScript; only a missing entry point stops us.
    if (!existsSync(join(REPO, 'dist', 'cli', 'main.js'))) throw err;
  }
}, 120_000);

describe('spectrum (spawned)', () => {
  it('check exits 0 on a valid topology and 1 on an invalid one, without a stack trace', () => {
    expect(spectrum('check', 'examples/default/topology.nix').status).toBe(0);
    for (const file of ['wrong-type/topology.yaml', 'hostile-name/topology.nix', 'root-not-object/topology.json']) {
      const r = spectrum('check', `test/fixtures/check/${file}`);
      expect(r.status).toBe(1);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(r.stdout).toBe('');
    }
  });

  it('check --json prints only JSON on stdout', () => {
    const r = spectrum('check', '--json', 'test/fixtures/check/unknown-vm/topology.json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).valid).toBe(false);
  });

  it('check reports a missing file and a file of unknown syntax as diagnostics', () => {
    for (const file of ['nope/topology.nix', 'package.json.txt']) {
      const r = spectrum('check', file);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/error\[SP1\d{3}\]/);
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('init writes a topology that check accepts, and refuses to overwrite it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spectrum-init-')), 'machine');
    const first = spectrum('init', dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(join(dir, 'topology.nix'));
    expect(spectrum('check', join(dir, 'topology.nix')).status).toBe(0);
    const again = spectrum('init', dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).not.toMatch(STACK);
    expect(spectrum('init', '--force', dir).status).toBe(0);
  });

  it('schema prints a draft 2020-12 JSON Schema with the roles and VMMs', () => {
    const r = spectrum('schema');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.vmm.enum).toEqual([...VMM_NAMES]);
    expect(schema.properties.vms.additionalProperties.properties.role.enum).toEqual([...ROLES]);
  });

  it.each(['init', 'check', 'schema', 'generate', 'build', 'run', 'flash'])('%s --help describes the command', (command) => {
    const r = spectrum(command, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: spectrum ${command}`));
    expect(r.stdout.split('\n')[2].length).toBeGreaterThan(20);
  });

  it('--version prints the package version', () => {
    const r = spectrum('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('never prints a raw terminal control character from a name the user chose', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectrum-esc-'));
    const hostile = join(dir, 'bad\x1b[31mred\u009b.json');
    writeFileSync(hostile, '{"name": 1}');
    const checked = spectrum('check', hostile);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain('bad\\x1b[31mred\\x9b.json: invalid');
    // A UserError message quoting the name (init into a path under a file) is escaped too.
    const refused = spectrum('init', join(hostile, 'sub'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('bad\\x1b');
    for (const out of [checked.stderr, refused.stderr]) expect(out).not.toMatch(/[\x1b\x9b]/);
  });
});
