import { describe, expect, it } from 'vitest';
import { escapeControls, escapeLines, term } from '../../../cli/output/term.js';

describe('term', () => {
  it('escapes every interpolated value and keeps the literal text', () => {
    const path = 'out\x1b[2J\n\u202e';
    expect(term`wrote ${path}\n`).toBe('wrote out\\x1b[2J\\n\\u{202e}\n');
    expect(term`\r\x1b[K${'a\rb'} ${3}`).toBe('\r\x1b[Ka\\rb 3');
  });

  it('is what escapeControls does to each value, so escaping twice changes nothing', () => {
    const value = '\x07\x9b\u200b\ud800';
    expect(term`${value}`).toBe(escapeControls(value));
    expect(escapeControls(escapeControls(value))).toBe(escapeControls(value));
  });

  it('escapeLines keeps line breaks and escapes the rest', () => {
    expect(escapeLines('a\x1b\nb')).toBe('a\\x1b\nb');
  });
});
