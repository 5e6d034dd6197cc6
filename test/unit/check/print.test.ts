import { describe, expect, it } from 'vitest';
import { formatDiagnostic, summarize } from '../../../cli/diagnostics-print.js';
import { escapeControls } from '../../../cli/output/term.js';
import type { Diagnostic } from '../../../cli/diagnostics.js';

const diag = (line: number, column: number, length: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  code: 'SP2011',
  severity: 'error',
  message: 'memory "lots" is not a size',
  span: { file: 'topology.nix', line, column, length },
  hint: 'write "512M"',
  ...extra,
});

/** The excerpt's source line and caret line, without their gutters. */
function excerpt(d: Diagnostic, text: string): { source: string; caret: string } {
  const lines = formatDiagnostic(d, text).split('\n');
  const strip = (l: string) => l.replace(/^\s*\d* \| /, '');
  return { source: strip(lines[1]), caret: strip(lines[2]) };
}

/** The source text above the caret: what the diagnostic points at, as shown. */
function underCaret(d: Diagnostic, text: string): string {
  const { source, caret } = excerpt(d, text);
  const start = caret.indexOf('^');
  return source.slice(start, caret.length);
}

describe('formatDiagnostic', () => {
  it('prints location, message, excerpt with caret, and hint', () => {
    const text = '{\n  memory = "lots";\n}\n';
    expect(formatDiagnostic(diag(2, 12, 6), text)).toBe(
      'topology.nix:2:12: error[SP2011]: memory "lots" is not a size\n' +
        '2 |   memory = "lots";\n' +
        '  |            ^~~~~~\n' +
        '  hint: write "512M"\n',
    );
  });

  it('prints without excerpt when there is no source text or the line does not exist', () => {
    expect(formatDiagnostic(diag(9, 1, 1), 'one line')).toBe(
      'topology.nix:9:1: error[SP2011]: memory "lots" is not a size\n  hint: write "512M"\n',
    );
    // Line 0 is before the first line, not the last.
    expect(formatDiagnostic(diag(0, 1, 1), 'one line')).toBe(
      'topology.nix:0:1: error[SP2011]: memory "lots" is not a size\n  hint: write "512M"\n',
    );
    expect(formatDiagnostic(diag(1, 1, 1, { hint: undefined }))).toBe(
      'topology.nix:1:1: error[SP2011]: memory "lots" is not a size\n',
    );
  });

  it('prints no excerpt for a missing, unreadable or empty file', () => {
    expect(formatDiagnostic(diag(1, 1, 1, { hint: undefined }), '')).toBe(
      'topology.nix:1:1: error[SP2011]: memory "lots" is not a size\n',
    );
  });

  it('clamps the caret to the line', () => {
    expect(excerpt(diag(1, 3, 500), 'a = {\nb').caret).toBe('  ^~~');
    expect(excerpt(diag(1, 40, 3), 'abc\r\n').caret).toBe('   ^');
    expect(excerpt(diag(1, 2, 0), 'abc').caret).toBe(' ^');
  });

  it('drops the carriage return of CRLF lines', () => {
    expect(excerpt(diag(1, 1, 3), 'abc\r\ndef').source).toBe('abc');
    // A CR inside a line is the file's own, and shown escaped.
    expect(excerpt(diag(1, 1, 3), 'a\rb\r\ndef').source).toBe('a\\rb');
    expect(excerpt(diag(2, 1, 3), 'abc\r\nd\re\r\n').source).toBe('d\\re');
  });

  it('shows the line of the file it is given, one file after another', () => {
    expect(excerpt(diag(2, 1, 1), 'one\ntwo\n').source).toBe('two');
    expect(excerpt(diag(2, 1, 1), 'first line\nsecond line\n').source).toBe('second line');
    expect(excerpt(diag(2, 1, 1), 'one\ntwo\n').source).toBe('two');
  });

  it('expands tabs so the caret stays under the value', () => {
    const text = '\t\tbrowser = {\tvcpus = 0;\tmemory = "lots"; };';
    const column = text.indexOf('"lots"') + 1;
    expect(underCaret(diag(1, column, 6), text)).toBe('"lots"');
    expect(excerpt(diag(1, column, 6), text).source).not.toContain('\t');
  });

  it('escapes control characters in the excerpt and keeps the caret aligned', () => {
    const text = 'description = "\x1b[2J\x07\u202e"; memory = "lots";';
    const { source } = excerpt(diag(1, text.indexOf('"lots"') + 1, 6), text);
    expect(source).toBe('description = "\\x1b[2J\\x07\\u{202e}"; memory = "lots";');
    expect(underCaret(diag(1, text.indexOf('"lots"') + 1, 6), text)).toBe('"lots"');
  });

  it('counts columns in UTF-16 units past astral characters', () => {
    const text = 'description = "😀😀"; memory = "lots";';
    expect(underCaret(diag(1, text.indexOf('"lots"') + 1, 6), text)).toBe('"lots"');
    // Each emoji is shown whole, not as two surrogates (which are escaped when alone).
    expect(excerpt(diag(1, text.indexOf('"lots"') + 1, 6), text).source).toBe(text);
    // Each emoji is shown whole, not as two surrogates (which are escaped when alone).
    expect(excerpt(diag(1, text.indexOf('"lots"') + 1, 6), text).source).toBe(text);
    // U+FFFF, the last one-unit character, right before the value.
    const edge = 'memory = \uffff"lots";';
    expect(excerpt(diag(1, edge.indexOf('"lots"') + 1, 6), edge).caret).toBe(' '.repeat(10) + '^~~~~~');
  });

  it('cuts very long lines around the column', () => {
    const text = `{ description = "${'x'.repeat(100_000)}"; memory = "lots"; }`;
    const d = diag(1, text.indexOf('"lots"') + 1, 6);
    const { source } = excerpt(d, text);
    expect(source.length).toBeLessThan(110);
    expect(source.startsWith('…')).toBe(true);
    expect(underCaret(d, text)).toBe('"lots"');
    const early = excerpt(diag(1, 3, 11), text).source;
    expect(early.startsWith('{ description')).toBe(true);
    expect(early.endsWith('…')).toBe(true);
  });

  it('shows a line of up to 100 units whole, and cuts a longer one', () => {
    const hundred = `memory = "${'x'.repeat(89)}"`;
    expect(hundred).toHaveLength(100);
    expect(excerpt(diag(1, 10, 91), hundred).source).toBe(hundred);
    expect(excerpt(diag(1, 90, 1), hundred).source).toBe(hundred);
    const longer = `${hundred};`;
    expect(excerpt(diag(1, 10, 91), longer).source).toBe(`${hundred}…`);
    expect(excerpt(diag(1, 101, 1), longer).source).toBe(`…${longer.slice(60)}`);
  });

  it('colours an error red and a warning yellow, caret included', () => {
    const text = 'memory = "lots";';
    const error = formatDiagnostic(diag(1, 10, 6), text, true);
    expect(error).toContain('\x1b[1;31merror[SP2011]\x1b[0m');
    expect(error).toContain('\x1b[1;31m^~~~~~\x1b[0m');
    const warning = formatDiagnostic(diag(1, 10, 6, { severity: 'warning' }), text, true);
    expect(warning).toContain('\x1b[1;33mwarning[SP2011]\x1b[0m');
    expect(warning).toContain('\x1b[1;33m^~~~~~\x1b[0m');
    expect(warning).toContain('\x1b[36mhint:\x1b[0m');
  });

  it('escapes control characters in file name, message and hint', () => {
    const out = formatDiagnostic(diag(1, 1, 1, { message: 'a\x1b]0;x\x07b', hint: 'c\nd', span: { file: 'e\x1bf', line: 1, column: 1, length: 1 } }));
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(out).toContain('e\\x1bf:1:1');
    expect(out).toContain('a\\x1b]0;x\\x07b');
    expect(out).toContain('hint: c\\nd');
  });
});

describe('escapeControls', () => {
  it('leaves ordinary text, including non-ASCII, alone', () => {
    expect(escapeControls('héllo ✓ 😀 "q" \\')).toBe('héllo ✓ 😀 "q" \\');
  });
  it('escapes C0, DEL, C1, bidi controls and lone surrogates', () => {
    expect(escapeControls('\x00\x7f\x85\u2066\ud800')).toBe('\\x00\\x7f\\x85\\u{2066}\\u{d800}');
  });
});

describe('summarize', () => {
  it('counts errors and warnings', () => {
    const w = { ...diag(1, 1, 1), severity: 'warning' as const };
    expect(summarize([])).toBe('0 errors, 0 warnings');
    expect(summarize([diag(1, 1, 1), diag(1, 1, 1), w])).toBe('2 errors, 1 warning');
  });
});
