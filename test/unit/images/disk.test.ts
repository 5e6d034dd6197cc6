// images/mkdisk.sh on small stand-in partition contents, read back with sfdisk: the GPT layout
// the live image depends on (Discoverable Partitions Specification types, read-only flags,
// partition UUIDs from the root hash). Then the initramfs's own GPT scan (images/init, run
// by busybox over a stand-in /sys and /dev) must find root and verity on that same disk from
// roothash= alone: the two halves of one derivation, each checked against this file's.
import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const IMAGES = resolve(__dirname, '../../../images');
const work = mkdtempSync(join(tmpdir(), 'spectrum-mkdisk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Both halves distinct and recognisable, so a swap or a shift shows.
const ROOTHASH = '0123456789abcdef00112233445566778899aabbccddeeff0f1e2d3c4b5a6978';
const MiB = 1 << 20;
const contents = { esp: randomBytes(100_000), root: randomBytes(MiB + 300_000), verity: randomBytes(50_000) };

// The specification's partition type GUIDs and the read-only attribute (bit 60), written out
// here rather than taken from the script.
const TYPE = {
  esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  root: '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709',
  verity: '2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5',
};

const asUuid = (hex: string): string => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5').toUpperCase();
/** RFC 9562 version 8: the first 128 bits of sha256("spectrum-LABEL:ROOTHASH"), version and variant set. */
const derived = (label: string): string => {
  const h = createHash('sha256').update(`spectrum-${label}:${ROOTHASH}`).digest('hex');
  return asUuid(`${h.slice(0, 12)}8${h.slice(13, 16)}8${h.slice(17, 32)}`);
};

interface Partition { start: number; size: number; type: string; uuid: string; name: string; attrs?: string }
let table: { label: string; id: string; partitions: Partition[] };
const disk = join(work, 'live.img');

async function mkdisk(out: string, roothash = ROOTHASH): Promise<void> {
  writeFileSync(join(work, 'roothash'), `${roothash}\n`);
  await execa('sh', [join(IMAGES, 'mkdisk.sh'), out, join(work, 'esp.img'), join(work, 'root.erofs'), join(work, 'root.verity'), join(work, 'roothash')]);
}

beforeAll(async () => {
  writeFileSync(join(work, 'esp.img'), contents.esp);
  writeFileSync(join(work, 'root.erofs'), contents.root);
  writeFileSync(join(work, 'root.verity'), contents.verity);
  await mkdisk(disk);
  table = JSON.parse((await execa('sfdisk', ['-J', disk])).stdout).partitiontable;
});

describe('mkdisk.sh', () => {
  it('lays out ESP, root and verity with the specification types, names and read-only flags', () => {
    expect(table.label).toBe('gpt');
    expect(table.partitions.map(({ type, name, attrs }) => ({ type, name, attrs }))).toEqual([
      { type: TYPE.esp, name: 'esp', attrs: undefined },
      { type: TYPE.root, name: 'root-x86-64', attrs: 'GUID:60' },
      { type: TYPE.verity, name: 'root-x86-64-verity', attrs: 'GUID:60' },
    ]);
  });

  it('makes the root UUID the first and the verity UUID the last 128 bits of the root hash', () => {
    const [, root, verity] = table.partitions;
    expect(root!.uuid).toBe(asUuid(ROOTHASH.slice(0, 32)));
    expect(verity!.uuid).toBe(asUuid(ROOTHASH.slice(32)));
  });

  it('derives the ESP and disk GUIDs from the root hash as version-8 UUIDs', () => {
    expect(table.partitions[0]!.uuid).toBe(derived('esp'));
    expect(table.id).toBe(derived('disk'));
  });

  it('puts each content at its partition, MiB-aligned, sized up to whole MiB plus a 1 MiB margin', () => {
    const image = readFileSync(disk);
    const sectors = (bytes: number): number => (Math.ceil(bytes / MiB) + 1) * 2048;
    for (const [p, content] of table.partitions.map((p, i) => [p, Object.values(contents)[i]!] as const)) {
      expect(p.start % 2048).toBe(0);
      expect(p.size).toBe(sectors(content.length));
      expect(image.subarray(p.start * 512, p.start * 512 + content.length).equals(content)).toBe(true);
    }
  });

  it('gives the same bytes for the same input, and other GUIDs for another root hash', async () => {
    await mkdisk(join(work, 'again.img'));
    expect(readFileSync(join(work, 'again.img')).equals(readFileSync(disk))).toBe(true);
    const other = ROOTHASH.replace(/^0/, '1');
    await mkdisk(join(work, 'other.img'), other);
    const otherTable = JSON.parse((await execa('sfdisk', ['-J', join(work, 'other.img')])).stdout).partitiontable;
    expect(otherTable.partitions[0].uuid).not.toBe(table.partitions[0]!.uuid);
    expect(otherTable.id).not.toBe(table.id);
  });
});

describe("the initramfs's GPT scan (images/init) on that disk", () => {
  // The init from its UUID derivation to the end of scan_gpt, with /sys and /dev moved to a
  // stand-in tree: one virtio disk, vdb, holding live.img, with three partitions.
  const script = (): string => {
    const init = readFileSync(join(IMAGES, 'init'), 'utf8');
    const from = init.indexOf('uuid() {');
    const to = init.indexOf('\ntries=');
    expect(from, 'images/init no longer has uuid() before tries=').toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    return init.slice(from, to).replaceAll('/sys/', '$SYS/').replaceAll('/dev/', '$DEV/');
  };

  it('finds root and verity by the PARTUUIDs it derives from roothash=', async () => {
    const sys = join(work, 'sys');
    const dev = join(work, 'dev');
    mkdirSync(join(sys, 'block/vdb/queue'), { recursive: true });
    mkdirSync(join(sys, 'class/block'), { recursive: true });
    mkdirSync(dev);
    writeFileSync(join(sys, 'block/vdb/queue/logical_block_size'), '512\n');
    symlinkSync(disk, join(dev, 'vdb'));
    for (const n of [1, 2, 3]) {
      mkdirSync(join(sys, 'block/vdb', `vdb${n}`));
      writeFileSync(join(sys, 'block/vdb', `vdb${n}`, 'partition'), `${n}\n`);
      symlinkSync(join(sys, 'block/vdb', `vdb${n}`), join(sys, 'class/block', `vdb${n}`));
    }
    const r = await execa('busybox', ['sh', '-c', `${script()}\nscan_gpt; echo "$root $verity"; echo "$seen"`], {
      env: { SYS: sys, DEV: dev, roothash: ROOTHASH },
    });
    const [found, seen] = r.stdout.split('\n');
    expect(found).toBe(`${dev}/vdb2 ${dev}/vdb3`);
    expect(seen!.trim().toUpperCase()).toBe(table.partitions.map((p, i) => `VDB${i + 1}=${p.uuid}`).join(' '));
  });
});
