// Bytes and sizes that must not break loading: encodings, nesting, huge files, odd paths.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTopologyFile, loadTopologyFile, parseTopology } from '../../../cli/topology/load/index.js';
import { plain, where } from './helpers.js';

const SYNTAXES = {
  nix: { file: 'topology.nix', doc: (v: string) => `{ name = ${v}; }`, open: (n: number) => '{ a = '.repeat(n) + '1;' + ' };'.repeat(n - 1) + ' }' },
  yaml: { file: 'topology.yaml', doc: (v: string) => `name: ${v}\n`, open: (n: number) => '{a: '.repeat(n) + '1' + '}'.repeat(n) },
  json: { file: 'topology.json', doc: (v: string) => `{"name": ${v}}`, open: (n: number) => '{"a": '.repeat(n) + '1' + '}'.repeat(n) },
};

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'spectrum-hostile-'));
}

describe.each(Object.entries(SYNTAXES))('%s', (_, s) => {
  it('reports the first byte that is not UTF-8, with its line and column', () => {
    const prefix = `${s.doc('"ok"')}\nname: "é`;
    const result = parseTopology(bytes(prefix, [0xff], '"'), s.file);
    expect(result.root).toBeNull();
    const line = prefix.split('\n').length;
    const column = prefix.split('\n').pop()!.length + 1;
    expect(where(result.diagnostics)).toEqual([`SP1002@${line}:${column}`]);
    expect(result.diagnostics[0]!.message).toContain('0xff');
  });

  it('rejects overlong and surrogate encodings', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      const result = parseTopology(bytes(s.doc('"x'), bad, '"'), s.file);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['SP1002']);
    }
  });

  it('ignores a UTF-8 byte order mark and counts columns without it', () => {
    const result = parseTopology(bytes([0xef, 0xbb, 0xbf], s.doc('"x"')), s.file);
    expect(result.diagnostics).toEqual([]);
    expect(plain(result.root)).toEqual({ name: 'x' });
    const bad = parseTopology(bytes([0xef, 0xbb, 0xbf], s.doc('"x"'), 'junk'), s.file);
    expect(bad.diagnostics[0]!.span.line).toBe(s.doc('"x"').split('\n').length);
  });

  it('refuses nesting deeper than 64 levels with one diagnostic, without overflowing the stack', () => {
    expect(parseTopology(s.open(60), s.file).diagnostics).toEqual([]);
    for (const depth of [65, 5_000, 100_000]) {
      const d = parseTopology(s.open(depth), s.file).diagnostics;
      expect(d.map((x) => x.code), `${depth}`).toEqual(['SP1007']);
    }
  });

  it('carries a 1 MB string with quotes, backslashes and newlines through exactly', () => {
    const value = 'a"b\\c\nd${e} '.repeat(100_000);
    const literal = s.file.endsWith('.nix') ? JSON.stringify(value).replace(/\$\{/g, '\\${') : JSON.stringify(value);
    const result = parseTopology(s.doc(literal), s.file);
    expect(result.diagnostics).toEqual([]);
    expect((plain(result.root) as { name: string }).name).toBe(value);
  });

  it('loads a 10 MB topology of 10,000 VMs', async () => {
    const file = join(tempDir(), s.file);
    writeFileSync(file, bigTopology(s.file, 10_000, 1000));
    const result = await loadTopologyFile(file);
    expect(result.diagnostics).toEqual([]);
    const vms = (plain(result.root) as { vms: Record<string, unknown> }).vms;
    expect(Object.keys(vms)).toHaveLength(10_000);
    expect(result.text.length).toBeGreaterThan(10_000_000);
  });
});

/** `count` VMs, each with a description of `pad` characters. */
function bigTopology(file: string, count: number, pad: number): string {
  const description = 'x'.repeat(pad);
  const vms = Array.from({ length: count }, (_, k) => ({ name: `vm-${k}`, memory: '512M', vcpus: 1, description, packages: ['curl'] }));
  if (file.endsWith('.json')) return JSON.stringify({ name: 'big', vms: Object.fromEntries(vms.map(({ name, ...v }) => [name, v])) });
  if (file.endsWith('.yaml')) {
    return `name: big\nvms:\n${vms.map((v) => `  ${v.name}:\n    memory: ${v.memory}\n    vcpus: 1\n    description: ${description}\n    packages: [curl]\n`).join('')}`;
  }
  return `{\n  name = "big";\n  vms = {\n${vms.map((v) => `    ${v.name} = { memory = "${v.memory}"; vcpus = 1; description = "${description}"; packages = [ "curl" ]; };\n`).join('')}  };\n}\n`;
}

describe('reading files', () => {
  it('reports a missing file, a directory and an unreadable file as diagnostics', async () => {
    const dir = tempDir();
    const missing = await loadTopologyFile(join(dir, 'nope.nix'));
    expect(missing.diagnostics.map((d) => [d.code, d.span.file])).toEqual([['SP1001', join(dir, 'nope.nix')]]);
    expect(missing.diagnostics[0]!.message).toContain('does not exist');
    mkdirSync(join(dir, 'topology.yaml'));
    expect((await loadTopologyFile(join(dir, 'topology.yaml'))).diagnostics[0]!.message).toContain('is a directory');
    // A file that cannot be read even by root (tests run as root here, which reads any mode):
    // reading /proc/self/mem from offset 0 fails with EIO.
    const unreadable = join(dir, 'unreadable.json');
    symlinkSync('/proc/self/mem', unreadable);
    const result = await loadTopologyFile(unreadable);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['SP1001']);
    expect(result.diagnostics[0]!.message).toContain('cannot read');
  });

  it('refuses a device or a FIFO at once instead of reading forever or blocking', async () => {
    const dir = tempDir();
    for (const [name, target] of [['zero.json', '/dev/zero'], ['random.yaml', '/dev/urandom']] as const) {
      symlinkSync(target, join(dir, name));
      const r = await loadTopologyFile(join(dir, name));
      expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['SP1001', `${join(dir, name)} is not a regular file (a device, FIFO or socket)`]]);
    }
    const fifo = join(dir, 'topology.nix');
    execFileSync('mkfifo', [fifo]);
    expect((await loadTopologyFile(fifo)).diagnostics[0]!.message).toContain('is not a regular file');
  });

  it('names the file when the extension gives no syntax', () => {
    const d = parseTopology('name = "x"', 'topology.toml').diagnostics;
    expect(where(d)).toEqual(['SP1004@1:1']);
    expect(d[0]!.hint).toContain('topology.nix');
  });
});

describe('findTopologyFile', () => {
  it('takes an explicit path, else the one topology.* here, else the bundled default; two here: an error', () => {
    const bundled = findTopologyFile(tempDir());
    expect(bundled.bundledDefault).toBe(true);
    expect(bundled.path).toMatch(/examples\/default\/topology\.nix$/);
    expect(bundled.shown).toBe(bundled.path);
    for (const name of ['topology.json', 'topology.yml', 'topology.yaml', 'topology.nix']) {
      const dir = tempDir();
      writeFileSync(join(dir, name), '');
      expect(findTopologyFile(dir)).toEqual({ path: join(dir, name), shown: name, bundledDefault: false });
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'topology.yml'), '');
    writeFileSync(join(dir, 'topology.nix'), '');
    expect(() => findTopologyFile(dir)).toThrow('more than one topology file here: topology.nix, topology.yml');
    expect(findTopologyFile(dir, 'other/t.yaml')).toEqual({ path: join(dir, 'other/t.yaml'), shown: 'other/t.yaml', bundledDefault: false });
  });

  it('finds the bundled default that loads cleanly', async () => {
    const result = await loadTopologyFile(findTopologyFile(tempDir()).path);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads the file it found in another directory than the process\'s, and names it as found', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'topology.json'), '{"name": 1}');
    const found = findTopologyFile(dir);
    expect(found.shown).toBe('topology.json');
    const result = await loadTopologyFile(found.path, process.env, found.shown);
    expect(result.root).not.toBeNull();
    expect(result.diagnostics).toEqual([]);
    const missing = await loadTopologyFile(join(dir, 'gone.json'), process.env, 'gone.json');
    expect(missing.diagnostics[0]!.span.file).toBe('gone.json');
    expect(missing.diagnostics[0]!.message).toBe('the topology file gone.json does not exist');
  });
});
