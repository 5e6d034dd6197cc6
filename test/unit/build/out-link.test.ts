// Out links are made by the real nix-store, on a fixture derivation built for the purpose.
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OutLinks, linkName } from '../../../cli/build/out-link.js';
import { nixBuild } from '../../../cli/nix/runner.js';
import { storeDir } from '../../../cli/nix/env.js';

const file = fileURLToPath(new URL('../../fixtures/nix-logs/derivations.nix', import.meta.url));

const made: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'outlink-'));
  made.push(dir);
  return dir;
};
// Removing the links leaves their GC roots stale, so the fixture outputs can be collected.
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('out links', () => {
  it('are named as nix-build names them', () => {
    expect([0, 1, 2].map((i) => linkName('/x/result', i))).toEqual(['/x/result', '/x/result-2', '/x/result-3']);
  });

  it('appear only when promoted, and the temporary ones are cleaned up', async () => {
    const dir = tempDir();
    const links = new OutLinks(join(dir, 'result'), '/nix/store');
    const outs = await nixBuild({ file, attr: 'success', args: [], outLink: links.temp, what: 'success' }, { set: 'host' });
    expect(readdirSync(dir)).toEqual([`.result.spectrum-tmp-${process.pid}`]);
    expect(await links.promote(outs, { set: 'host' })).toEqual([join(dir, 'result')]);
    await links.cleanup();
    expect(readdirSync(dir)).toEqual(['result']);
    expect(readlinkSync(join(dir, 'result'))).toBe(outs[0]);
    // A GC root names the final link, so the output outlives the temporary link.
    const roots = readdirSync('/nix/var/nix/gcroots/auto').map((r) => readlinkSync(join('/nix/var/nix/gcroots/auto', r)));
    expect(roots).toContain(join(dir, 'result'));
  });

  it('are made in a Nix store of its own (NIX_STORE_DIR) too', async () => {
    // nix-build replaces the reserved link only if it points into the store it uses.
    const dir = tempDir();
    const nix = join(dir, 'nix');
    const env = { ...process.env, NIX_REMOTE: 'local', NIX_STORE_DIR: join(nix, 'store'), NIX_STATE_DIR: join(nix, 'var/nix'), NIX_LOG_DIR: join(nix, 'var/log/nix') };
    const links = new OutLinks(join(dir, 'result'), storeDir(env));
    await links.reserve('pass another out link');
    const outs = await nixBuild({ file, attr: 'success', args: [], outLink: links.temp, what: 'success' }, { set: 'host', env });
    expect(outs[0]?.startsWith(`${join(nix, 'store')}/`)).toBe(true);
    expect(await links.promote(outs, { set: 'host', env })).toEqual([join(dir, 'result')]);
    await links.cleanup();
    expect(readlinkSync(join(dir, 'result'))).toBe(outs[0]);
  });

  it('never replaces a file that is not an out link', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'result'), 'precious');
    const links = new OutLinks(join(dir, 'result'), '/nix/store');
    const outs = await nixBuild({ file, attr: 'success', args: [], outLink: links.temp, what: 'success' }, { set: 'host' });
    await expect(links.promote(outs, { set: 'host' })).rejects.toThrow(`could not create the out link ${join(dir, 'result')}: cannot create symlink`);
    expect(readFileSync(join(dir, 'result'), 'utf8')).toBe('precious');
    await links.cleanup();
  });

  it('cleanup removes numbered temporary links but nothing else', async () => {
    const dir = tempDir();
    const links = new OutLinks(join(dir, 'result'), '/nix/store');
    for (const name of [links.temp, `${links.temp}-2`, `${links.temp}-x`, join(dir, 'result')]) symlinkSync('/nix/store', name);
    await links.cleanup();
    expect(readdirSync(dir).sort()).toEqual([`.result.spectrum-tmp-${process.pid}-x`, 'result']);
    expect(lstatSync(join(dir, 'result')).isSymbolicLink()).toBe(true);
    expect(existsSync(links.temp)).toBe(false);
  });
});
