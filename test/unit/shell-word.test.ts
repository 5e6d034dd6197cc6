import { describe, expect, it } from 'vitest';
import { shellWord } from '../../cli/shell-word.js';

describe('shellWord', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    expect(shellWord('/nix/store/abc-x.drv')).toBe('/nix/store/abc-x.drv');
    expect(shellWord("it's here")).toBe("'it'\\''s here'");
  });

  it('keeps control characters off the line with $-quoting', () => {
    expect(shellWord("a\nb'\\")).toBe("$'a\\x0ab\\'\\\\'");
  });
});
