// images/extract-vmlinux.sh on the build machine's real kernel, and on bzImages made here from
// that kernel's setup header and a small ELF compressed every way the script reads: the real
// tools run, only the kernel inside is small.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const script = resolve(__dirname, '../../../images/extract-vmlinux.sh');
const work = mkdtempSync(join(tmpdir(), 'spectrum-vmlinux-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const installed = readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-')).sort();
const kernel = join('/boot', installed.at(-1) ?? 'vmlinuz-missing');

const PVH_NOTE = /^ *Xen +0x0+8\s+Unknown note type: \(0x00000012\)/m;

async function extract(bzImage: string): Promise<{ exitCode: number; stderr: string; out: string }> {
  const out = join(work, `${bzImage.replace(/\W/g, '_')}.vmlinux`);
  const r = await execa('sh', [script, bzImage, out], { reject: false });
  return { exitCode: r.exitCode ?? -1, stderr: r.stderr, out };
}

/** /usr/bin/true as a stand-in vmlinux, with a Xen PVH entry note when `pvh`. */
function smallElf(pvh: boolean): Buffer {
  const elf = join(work, `small-${pvh}.elf`);
  if (!pvh) return readFileSync('/usr/bin/true');
  // namesz 4, descsz 8, type 18 (XEN_ELFNOTE_PHYS32_ENTRY), "Xen\0", an entry address.
  const note = Buffer.concat([Buffer.from([4, 0, 0, 0, 8, 0, 0, 0, 18, 0, 0, 0]), Buffer.from('Xen\0'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])]);
  writeFileSync(join(work, 'note'), note);
  execFileSync('objcopy', ['--add-section', `.note.Xen=${join(work, 'note')}`, '/usr/bin/true', elf]);
  return readFileSync(elf);
}

const compressors: Record<string, (data: Buffer) => Buffer> = {
  gzip: (data) => gzipSync(data),
  xz: (data) => execFileSync('xz', ['-c', '--check=crc32'], { input: data }),
  zstd: (data) => execFileSync('zstd', ['-c', '-q'], { input: data }),
  // The kernel build writes lz4's legacy frame format (lz4 -l).
  lz4: (data) => execFileSync('lz4', ['-l', '-c'], { input: data }),
};

/**
 * The real kernel's setup header up to its payload, then `payload` and, except for gzip
 * (whose trailer holds it), the uncompressed size, as the kernel build lays them out.
 */
function bzImage(name: string, payload: Buffer, uncompressed: number, appendSize: boolean): string {
  const real = readFileSync(kernel);
  const sects = real[0x1f1] || 4;
  const start = (sects + 1) * 512 + real.readUInt32LE(0x248);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(uncompressed);
  const body = appendSize ? Buffer.concat([payload, size]) : payload;
  const image = Buffer.concat([real.subarray(0, start), body, Buffer.alloc(512)]);
  image.writeUInt32LE(body.length, 0x24c);
  const path = join(work, name);
  writeFileSync(path, image);
  return path;
}

describe('extract-vmlinux.sh', () => {
  it('finds a kernel in /boot', () => {
    expect(existsSync(kernel), 'a kernel in /boot (Debian package linux-image-amd64)').toBe(true);
  });

  // Every installed kernel: Debian's generic one (xz), which the host set prefers, and the
  // cloud one (lz4), when present.
  it.each(installed)("gives the build machine's %s as an ELF with the PVH entry note", async (name) => {
    const r = await extract(join('/boot', name));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(r.out).subarray(0, 4)).toEqual(Buffer.from('\x7fELF', 'latin1'));
    expect((await execa('readelf', ['-nW', r.out])).stdout).toMatch(PVH_NOTE);
  });

  it.each(Object.keys(compressors))('reads a %s payload', async (kind) => {
    const elf = smallElf(true);
    const r = await extract(bzImage(`${kind}.bzImage`, compressors[kind]!(elf), elf.length, kind !== 'gzip'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(r.out)).toEqual(elf);
  });

  it('refuses a kernel without a PVH entry point, leaving no output', async () => {
    const elf = smallElf(false);
    const r = await extract(bzImage('no-pvh.bzImage', compressors.zstd!(elf), elf.length, true));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/: the kernel has no PVH entry point \(XEN_ELFNOTE_PHYS32_ENTRY; it needs CONFIG_PVH=y\)$/);
    expect(existsSync(r.out)).toBe(false);
  });

  it('refuses a payload that decompresses to another size than its trailer says', async () => {
    const elf = smallElf(true);
    const r = await extract(bzImage('short.bzImage', compressors.xz!(elf), elf.length + 1, true));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`: the payload decompressed to ${elf.length} bytes, not the ${elf.length + 1} its trailer says`);
  });

  it('names the compression it does not read', async () => {
    const r = await extract(bzImage('bzip2.bzImage', Buffer.from('BZh91AY&SY'), 100, true));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/: payload compressed in a way this script does not read \(magic 425a68393141; it reads gzip, xz, zstd, lz4\)$/);
  });

  it('refuses a file that is not a bzImage', async () => {
    const r = await extract('/usr/bin/true');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('extract-vmlinux: /usr/bin/true: not a bzImage (no HdrS setup header)');
  });
});
