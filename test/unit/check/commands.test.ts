// The check and init commands, run in-process against real files.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../cli/commands/check.js';
import { runInit } from '../../../cli/commands/init.js';
import { UserError } from '../../../cli/diagnostics.js';
import { REPO } from './fixtures.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'spectrum-check-'));

async function check(file: string | undefined, json = false, cwd = REPO) {
  let out = '';
  let err = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCheck(file, json, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

describe('spectrum check', () => {
  it('exits 0 on a valid file and says so', async () => {
    const r = await check('examples/default/topology.nix');
    expect(r).toEqual({ code: 0, out: '', err: 'examples/default/topology.nix: valid (0 errors, 0 warnings)\n' });
  });

  it('exits 0 with warnings, 1 with errors, printing each diagnostic', async () => {
    const warn = await check('test/fixtures/check/no-vms/topology.yaml');
    expect(warn.code).toBe(0);
    expect(warn.err).toContain('warning[SP2031]');
    const bad = await check('test/fixtures/check/bad-size/topology.json');
    expect(bad.code).toBe(1);
    expect(bad.err.match(/error\[SP2011\]/g)).toHaveLength(12);
    expect(bad.err).toMatch(/topology\.json: invalid \(12 errors, 0 warnings\)\n$/);
  });

  it('prints {diagnostics, valid} as JSON with --json, and nothing else on stdout', async () => {
    const r = await check('test/fixtures/check/start-cycle/topology.nix', true);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out);
    expect(Object.keys(parsed)).toEqual(['diagnostics', 'valid']);
    expect(parsed.valid).toBe(false);
    expect(parsed.diagnostics[0]).toMatchObject({
      code: 'SP2026',
      severity: 'error',
      span: { file: 'test/fixtures/check/start-cycle/topology.nix', line: 11, column: 13, length: 9 },
    });
    expect((await check('examples/default/topology.nix', true)).out).toBe('{\n  "diagnostics": [],\n  "valid": true\n}\n');
  });

  it('finds topology.* in the current directory, else checks the bundled default and says so', async () => {
    const dir = temp();
    const fallback = await check(undefined, false, dir);
    expect(fallback.code).toBe(0);
    expect(fallback.err).toMatch(/bundled default topology .*examples\/default\/topology\.nix/);
    writeFileSync(join(dir, 'topology.yaml'), 'name: here\nvms: {}\n');
    const local = await check(undefined, false, dir);
    expect(local.err).toContain('topology.yaml:2:6: warning[SP2031]');
    expect(local.err).not.toContain('bundled');
  });

  it('reports a missing file as a diagnostic, exit 1', async () => {
    const r = await check('no/such/topology.nix');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[SP1001]');
  });

  it('prints at most 50 diagnostics and says how many more --json has', async () => {
    const dir = temp();
    const vms = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`vm-${i}`, { vcpus: 0 }]));
    writeFileSync(join(dir, 'topology.json'), JSON.stringify({ name: 'many', vms }, null, 1));
    const r = await check(join(dir, 'topology.json'));
    expect(r.err.match(/error\[SP2012\]/g)).toHaveLength(50);
    expect(r.err).toContain('… and 30 more (run with --json to see all)');
    expect(JSON.parse((await check(join(dir, 'topology.json'), true)).out).diagnostics).toHaveLength(80);
  });
});

describe('spectrum init', () => {
  it('writes a starter that passes check without a single diagnostic, creating the directory', async () => {
    const dir = join(temp(), 'new', 'machine');
    const target = await runInit(dir, false);
    expect(target).toBe(join(dir, 'topology.nix'));
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(join(REPO, 'examples/default/topology.nix'), 'utf8'));
    expect(await check(target, true)).toEqual({ code: 0, out: '{\n  "diagnostics": [],\n  "valid": true\n}\n', err: '' });
    expect(readdirSync(dir)).toEqual(['topology.nix']);
  });

  it('starts from any bundled example, each passing check without a diagnostic, and names them for an unknown one', async () => {
    for (const example of readdirSync(join(REPO, 'examples'))) {
      const dir = join(temp(), example);
      const target = await runInit(dir, false, example);
      expect(readFileSync(target, 'utf8')).toBe(readFileSync(join(REPO, 'examples', example, 'topology.nix'), 'utf8'));
      expect((await check(target, true)).out).toBe('{\n  "diagnostics": [],\n  "valid": true\n}\n');
    }
    const dir = temp();
    await expect(runInit(dir, false, 'server')).rejects.toThrow(/^there is no example "?server"?$/);
    await expect(runInit(dir, false, 'server')).rejects.toMatchObject({ hint: 'choose one of default, laptop, minimal, two-networks' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to overwrite an existing topology.nix unless forced, leaving no temp files', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'topology.nix'), '{ mine = true; }\n');
    await expect(runInit(dir, false)).rejects.toThrow(UserError);
    await expect(runInit(dir, false)).rejects.toThrow(/already exists/);
    expect(readFileSync(join(dir, 'topology.nix'), 'utf8')).toBe('{ mine = true; }\n');
    await runInit(dir, true);
    expect(readFileSync(join(dir, 'topology.nix'), 'utf8')).toContain('name = "default"');
    expect(readdirSync(dir)).toEqual(['topology.nix']);
  });

  it('refuses to add topology.nix beside another topology file, even forced', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'topology.yaml'), 'name: mine\n');
    for (const force of [false, true]) await expect(runInit(dir, force)).rejects.toThrow(/topology\.yaml is already this directory's topology/);
    expect(readdirSync(dir)).toEqual(['topology.yaml']);
  });

  it('refuses to choose between two topology files when none is named, and names them', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'topology.nix'), '{ name = "a"; vms = { v = { }; }; }\n');
    writeFileSync(join(dir, 'topology.json'), '{"name": "b", "vms": {"v": {}}}\n');
    await expect(check(undefined, false, dir)).rejects.toThrow(/^more than one topology file here: topology.nix, topology.json$/);
    // Named, either one is read.
    expect((await check('topology.json', false, dir)).code).toBe(0);
  });

  it('explains a directory it cannot create', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'file'), '');
    await expect(runInit(join(dir, 'file', 'sub'), false)).rejects.toThrow(/cannot create directory/);
  });
});
