// images/mkverity.sh on a small stand-in root image: the root hash it records is the one
// the hash tree really has (veritysetup verifies the data against it in userspace, no
// device-mapper needed), a changed data byte fails that check, and the output depends on
// the image bytes alone.
import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve(__dirname, '../../../images/mkverity.sh');
const work = mkdtempSync(join(tmpdir(), 'spectrum-mkverity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const data = randomBytes(1 << 20);
const image = join(work, 'root.erofs');
const mkverity = (outdir: string) => execa('sh', [SCRIPT, image, join(work, outdir)]);
const roothash = (outdir: string): string => readFileSync(join(work, outdir, 'roothash'), 'utf8');
const verify = (dataFile: string, outdir: string) =>
  execa('veritysetup', ['verify', dataFile, join(work, outdir, 'root.verity'), roothash(outdir).trim()], { reject: false });

beforeAll(async () => {
  writeFileSync(image, data);
  await mkverity('a');
  await mkverity('b');
});

describe('mkverity.sh', () => {
  it('records the root hash of the tree it wrote, as 64 hex digits and a newline', async () => {
    expect(roothash('a')).toMatch(/^[0-9a-f]{64}\n$/);
    const r = await verify(image, 'a');
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('gives a tree that rejects a changed data byte', async () => {
    const changed = Buffer.from(data);
    changed[123_456] ^= 1;
    writeFileSync(join(work, 'changed.erofs'), changed);
    expect((await verify(join(work, 'changed.erofs'), 'a')).exitCode).not.toBe(0);
  });

  it('is the same for the same image: salt from its sha256, a version-8 UUID derived from that', async () => {
    expect(roothash('b')).toBe(roothash('a'));
    expect(readFileSync(join(work, 'b', 'root.verity')).equals(readFileSync(join(work, 'a', 'root.verity')))).toBe(true);
    const dump = (await execa('veritysetup', ['dump', join(work, 'a', 'root.verity')])).stdout;
    const salt = createHash('sha256').update(data).digest('hex');
    expect(dump).toMatch(new RegExp(`^Salt:\\s+${salt}$`, 'm'));
    expect(dump).toMatch(/^UUID:\s+[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/m);
    expect(dump).toMatch(/^Data block size:\s+4096$/m);
  });
});
