import { describe, expect, it } from 'vitest';
import { escapeNixStringBody, nixAttrName, nixBool, nixInt, nixRelativePath, nixString, nixStringList } from '../../../cli/emit/nix-syntax.js';
import { HOSTILE_STRINGS } from './hostile.js';
import { nixEvalJson, treeSitterProblems } from './nix-tools.js';

describe('nixString', () => {
  it('escapes exactly the characters Nix treats specially', () => {
    expect(nixString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(nixString('${x} $y $')).toBe('"\\${x} $y \\$"');
    expect(nixString('$${x}')).toBe('"$\\${x}"');
    expect(nixString('\n\r\t')).toBe('"\\n\\r\\t"');
    expect(nixString("''é😀")).toBe("\"''é😀\"");
  });

  it('writes control, bidi and separator characters as \\u escapes, so a reviewer sees them', () => {
    expect(nixString('red \u001b[31m')).toBe('(builtins.fromJSON "\\"red \\\\u001b[31m\\"")');
    const invisible = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
    for (const text of HOSTILE_STRINGS) expect(invisible.test(nixString(text)), JSON.stringify(text)).toBe(false);
    // Visible non-ASCII stays as written.
    expect(nixString('é 中文 😀')).toBe('"é 中文 😀"');
  });

  it('evaluates back to exactly the original for every hostile string', () => {
    const source = `[\n${HOSTILE_STRINGS.map((s) => `  ${nixString(s)}\n`).join('')}]\n`;
    expect(treeSitterProblems(source)).toEqual([]);
    expect(nixEvalJson(source)).toEqual(HOSTILE_STRINGS);
  });

  it('round-trips random mixes of the characters that matter', () => {
    const alphabet = ['$', '{', '}', '\\', '"', "'", '\n', '\r', '\t', 'a', ' ', '😀', '#'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = Array.from({ length: 2000 }, () =>
      Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
    );
    const source = `[ ${samples.map(nixString).join(' ')} ]`;
    expect(treeSitterProblems(source)).toEqual([]);
    expect(nixEvalJson(source)).toEqual(samples);
  });

  it('keeps a trailing $ literal when an interpolation follows the escaped body', () => {
    const source = `let x = "X"; in [ "${escapeNixStringBody('a$')}\${x}${escapeNixStringBody('$')}" "${escapeNixStringBody('$')}\${x}" ]`;
    expect(nixEvalJson(source)).toEqual(['a$X$', '$X']);
  });

  it('refuses what no Nix string can hold', () => {
    expect(() => nixString('a\u0000b')).toThrow(/NUL/);
    expect(() => nixString('lone \ud800 surrogate')).toThrow(/surrogate/);
    expect(() => nixString('lone \udc00 low')).toThrow(/surrogate/);
  });
});

describe('nixAttrName', () => {
  it('leaves identifiers bare and quotes everything else', () => {
    expect(nixAttrName('sys-net')).toBe('sys-net');
    expect(nixAttrName("a_b'c")).toBe("a_b'c");
    expect(nixAttrName('let')).toBe('"let"');
    expect(nixAttrName('or')).toBe('"or"');
    expect(nixAttrName('1vm')).toBe('"1vm"');
    expect(nixAttrName('-x')).toBe('"-x"');
    expect(nixAttrName('')).toBe('""');
  });

  it('round-trips hostile and keyword names through an attribute set', () => {
    const names = [...new Set([...HOSTILE_STRINGS.slice(0, 29), 'if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or', 'sys-net', 'A_b9'])];
    const source = `builtins.attrNames {\n${names.map((n, i) => `  ${nixAttrName(n)} = ${i};\n`).join('')}}`;
    expect(treeSitterProblems(source)).toEqual([]);
    expect(nixEvalJson(source)).toEqual([...names].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
  });
});

describe('scalars and lists', () => {
  it('renders integers, booleans and string lists', () => {
    expect(nixInt(2048)).toBe('2048');
    // A template handed something else is a bug in spectrum; the message names the value.
    expect(() => nixInt(1.5)).toThrow(new Error('not an integer a Nix file can hold: 1.5'));
    expect(() => nixInt(2 ** 60)).toThrow(new Error(`not an integer a Nix file can hold: ${2 ** 60}`));
    expect(nixBool(false)).toBe('false');
    expect(nixStringList([])).toBe('[ ]');
    expect(nixStringList(['a', '${b}'])).toBe('[ "a" "\\${b}" ]');
  });

  it('accepts only plain relative paths', () => {
    expect(nixRelativePath('vms/sys-net.nix')).toBe('./vms/sys-net.nix');
    for (const bad of ['../x.nix', 'vms/../x', '/abs', 'a b', 'a/./b', '', 'x${y}']) {
      expect(() => nixRelativePath(bad)).toThrow(new Error(`not a plain relative path: ${JSON.stringify(bad)}`));
    }
  });
});
