// What the firmware loads and where the root hash travels: the kernel command line as the
// host derivation writes it (modules/host-system.nix), the UKI that carries it
// (images/mkuki.sh, on Debian's real systemd stub with small stand-ins for kernel and
// initramfs) and the ESP that holds the UKI (images/mkesp.sh), each read back with the tools
// firmware-facing formats are inspected with (objdump/objcopy, mtools).
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const STUB = '/usr/lib/systemd/boot/efi/linuxx64.efi.stub';
const LOADER = '/usr/lib/systemd/boot/efi/systemd-bootx64.efi';
const ROOTHASH = '0123456789abcdef00112233445566778899aabbccddeeff0f1e2d3c4b5a6978';
const work = mkdtempSync(join(tmpdir(), 'spectrum-boot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the kernel command line (modules/host-system.nix)', () => {
  // The builder's printf line, with Nix's '' string escape undone, run by sh.
  const cmdline = async (params: string): Promise<string> => {
    const nix = readFileSync(join(ROOT, 'modules/host-system.nix'), 'utf8');
    const line = nix.split('\n').find((l) => l.includes('> "$out/cmdline"'));
    expect(line, 'modules/host-system.nix no longer writes $out/cmdline').toBeDefined();
    const dir = mkdtempSync(join(work, 'cmdline-'));
    writeFileSync(join(dir, 'roothash'), `${ROOTHASH}\n`);
    await execa('sh', ['-euc', line!.replaceAll("''${", '${')], { env: { root: dir, out: dir, params } });
    return readFileSync(join(dir, 'cmdline'), 'utf8');
  };

  it('carries the root hash, the consoles, and panic=-1 so a failed boot halts visibly', async () => {
    expect(await cmdline('')).toBe(`console=tty0 console=ttyS0 panic=-1 roothash=${ROOTHASH}`);
  });

  it("appends the topology's kernel parameters after one space", async () => {
    expect(await cmdline('intel_iommu=on quiet')).toBe(`console=tty0 console=ttyS0 panic=-1 roothash=${ROOTHASH} intel_iommu=on quiet`);
  });
});

describe('mkuki.sh', () => {
  const parts = {
    osrel: Buffer.from('ID=spectrum\nNAME="spectrum host"\n'),
    cmdline: Buffer.from(`console=ttyS0 roothash=${ROOTHASH}`),
    initrd: randomBytes(200_000),
    linux: randomBytes(300_000),
  };
  const uki = join(work, 'host.efi');

  const sections = async (): Promise<{ name: string; size: number; vma: number }[]> =>
    [...(await execa('objdump', ['-h', uki])).stdout.matchAll(/^\s*\d+ (\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)/gm)].map(([, name, size, vma]) => ({
      name: name!,
      size: parseInt(size!, 16),
      vma: parseInt(vma!, 16),
    }));

  it('adds osrel, cmdline, initrd and linux after the stub, page-aligned, not overlapping, linux last', async () => {
    const files = Object.fromEntries(Object.entries(parts).map(([name, data]) => [name, join(work, `uki.${name}`)]));
    for (const [name, data] of Object.entries(parts)) writeFileSync(files[name]!, data);
    await execa('sh', [join(ROOT, 'images/mkuki.sh'), uki], {
      env: { STUB, KERNEL: files.linux!, INITRD: files.initrd!, CMDLINE: files.cmdline!, OSREL: files.osrel! },
    });
    const all = await sections();
    const added = all.slice(-4);
    expect(added.map((s) => s.name)).toEqual(['.osrel', '.cmdline', '.initrd', '.linux']);
    const stubEnd = Math.max(...all.slice(0, -4).map((s) => s.vma + s.size));
    let end = stubEnd;
    for (const s of added) {
      expect(s.vma % 4096, s.name).toBe(0);
      expect(s.vma, `${s.name} overlaps what comes before it`).toBeGreaterThanOrEqual(end);
      end = s.vma + s.size;
    }
  });

  it('carries each part byte for byte, the command line with its root hash included', async () => {
    for (const [name, data] of Object.entries(parts)) {
      const out = join(work, `extracted.${name}`);
      await execa('objcopy', ['-O', 'binary', `--only-section=.${name}`, uki, out]);
      expect(readFileSync(out).equals(data), name).toBe(true);
    }
  });
});

describe('mkesp.sh', () => {
  const build = async (out: string): Promise<void> => {
    const uki = join(work, 'esp-uki.efi');
    writeFileSync(uki, Buffer.alloc(300_000, 7));
    await execa('sh', [join(ROOT, 'images/mkesp.sh'), out, LOADER, uki, 'spectrum-laptop']);
  };
  const fileIn = async (esp: string, path: string): Promise<Buffer> => {
    const out = join(work, 'esp-files', path.replaceAll('/', '_'));
    mkdirSync(join(work, 'esp-files'), { recursive: true });
    await execa('mcopy', ['-n', '-i', esp, `::${path}`, out]);
    return readFileSync(out);
  };

  it('holds systemd-boot at the removable-media path, the UKI as a type #2 entry, and loader.conf', async () => {
    const esp = join(work, 'esp.img');
    await build(esp);
    expect((await fileIn(esp, '/EFI/BOOT/BOOTX64.EFI')).equals(readFileSync(LOADER))).toBe(true);
    expect((await fileIn(esp, '/EFI/Linux/spectrum-laptop.efi')).equals(Buffer.alloc(300_000, 7))).toBe(true);
    expect((await fileIn(esp, '/loader/loader.conf')).toString()).toBe('timeout 0\nconsole-mode keep\n');
    expect((await execa('minfo', ['-i', esp, '::'])).stdout).toMatch(/disk label="ESP +"/);
  });

  it('is the same byte for byte when built again', async () => {
    await build(join(work, 'esp-again.img'));
    expect(readFileSync(join(work, 'esp-again.img')).equals(readFileSync(join(work, 'esp.img')))).toBe(true);
  });
});
