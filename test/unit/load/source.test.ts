// Offsets to lines and columns, as every loader reports spans: 1-based lines and UTF-16
// columns, a span cut at the end of its line (before a CR of a CRLF line), at least 1 long.
import { describe, expect, it } from 'vitest';
import { Source } from '../../../cli/topology/load/source.js';

const TEXT = 'name: x\r\n\nvms:\r\n  a: {}\n\r\n😀: 1\nlast';

describe('Source', () => {
  const src = new Source('t.yaml', TEXT);

  it('puts every offset on the line and column a reader counts', () => {
    for (let offset = 0; offset <= TEXT.length; offset++) {
      const before = TEXT.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - (before.lastIndexOf('\n') + 1) + 1;
      expect(src.span(offset), `offset ${offset}`).toMatchObject({ file: 't.yaml', line, column });
      expect(src.where(offset)).toBe(`${line}:${column}`);
    }
  });

  it('cuts a span at the end of its line, before the CR of a CRLF line', () => {
    expect(src.span(0, TEXT.length)).toMatchObject({ line: 1, column: 1, length: 7 }); // "name: x"
    expect(src.span(TEXT.indexOf('vms'), TEXT.indexOf('a:'))).toMatchObject({ line: 3, length: 4 }); // "vms:"
    expect(src.span(TEXT.indexOf('a:'), TEXT.length)).toMatchObject({ line: 4, length: 5 }); // "a: {}", LF only
    expect(src.span(TEXT.indexOf('last'), TEXT.length + 10)).toMatchObject({ line: 7, length: 4 }); // no newline at the end
  });

  it('keeps a span inside its line as it is, and at least 1 long', () => {
    expect(src.span(2, 4)).toMatchObject({ line: 1, column: 3, length: 2 });
    expect(src.span(2)).toMatchObject({ length: 1 });
    // On an empty line, at a CR and at the end of the text the caret still shows.
    expect(src.span(TEXT.indexOf('\n\n') + 1, TEXT.length)).toMatchObject({ line: 2, column: 1, length: 1 });
    expect(src.span(TEXT.indexOf('\r'), TEXT.length)).toMatchObject({ line: 1, column: 8, length: 1 });
    expect(src.span(TEXT.length)).toMatchObject({ line: 7, column: 5, length: 1 });
  });

  it('counts columns in UTF-16 units, astral characters as two', () => {
    const at = TEXT.indexOf(': 1');
    expect(src.span(at)).toMatchObject({ line: 6, column: 3 });
    expect(src.span(TEXT.indexOf('😀'), at)).toMatchObject({ column: 1, length: 2 });
  });

  it('turns a tree-sitter row and column back into an offset', () => {
    expect(src.offset(0, 0)).toBe(0);
    expect(src.offset(2, 1)).toBe(TEXT.indexOf('ms:'));
    expect(src.offset(6, 3)).toBe(TEXT.indexOf('t', TEXT.indexOf('last')));
    // A row past the end (tree-sitter's end of a file without a final newline) is the end.
    expect(src.offset(7, 0)).toBe(TEXT.length);
  });

  it('makes diagnostics with a span, and a hint only when there is one', () => {
    expect(src.diag('SP1000', 'error', 'bad', 2, 4)).toEqual({ code: 'SP1000', severity: 'error', message: 'bad', span: src.span(2, 4) });
    expect(src.diag('SP1000', 'error', 'bad', 2, 4)).not.toHaveProperty('hint');
    expect(src.diag('SP1000', 'warning', 'odd', 2, undefined, 'fix it')).toEqual({
      code: 'SP1000',
      severity: 'warning',
      message: 'odd',
      span: src.span(2),
      hint: 'fix it',
    });
  });

  it('reads a text without newlines, and an empty one', () => {
    expect(new Source('f', 'abc').span(1, 99)).toEqual({ file: 'f', line: 1, column: 2, length: 2 });
    expect(new Source('f', '').span(0)).toEqual({ file: 'f', line: 1, column: 1, length: 1 });
    expect(new Source('f', '\r').span(0, 1)).toMatchObject({ line: 1, column: 1, length: 1 });
  });
});
