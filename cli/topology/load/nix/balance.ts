// A small Nix scanner that only tracks strings, comments and brackets. tree-sitter's
// error recovery often reports an unclosed string or bracket far from its cause (or
// swallows the rest of the file); this scan names the opening place exactly. Runs only
// after tree-sitter found an error.
import { endOfContent } from '../tokens.js';

export interface Imbalance {
  /** Where the diagnostic points. */
  at: number;
  message: string;
  hint: string;
}

type Frame = { open: number; close: string; what: string; kind: 'code' | 'string' | 'indented' };

const OPENERS: Record<string, Omit<Frame, 'open' | 'kind'>> = {
  '{': { close: '}', what: 'attribute set' },
  '[': { close: ']', what: 'list' },
  '(': { close: ')', what: 'parenthesis' },
};

export function findImbalance(text: string, where: (offset: number) => string): Imbalance | undefined {
  const stack: Frame[] = [];
  let i = 0;
  const top = (): Frame | undefined => stack[stack.length - 1];
  while (i < text.length) {
    const frame = top();
    const c = text[i]!;
    if (frame?.kind === 'string') {
      if (c === '\\') i += 2;
      else if (c === '"') { stack.pop(); i++; }
      else if (c === '$' && text[i + 1] === '{') { stack.push({ open: i, close: '}', what: 'interpolation', kind: 'code' }); i += 2; }
      else i += c === '$' && text[i + 1] === '$' ? 2 : 1;
      continue;
    }
    if (frame?.kind === 'indented') {
      if (text.startsWith("''", i)) {
        const third = text[i + 2];
        if (third === "'" || third === '$') i += 3;
        else if (third === '\\') i += 4;
        else { stack.pop(); i += 2; }
      } else if (c === '$' && text[i + 1] === '{') { stack.push({ open: i, close: '}', what: 'interpolation', kind: 'code' }); i += 2; }
      else i += c === '$' && text[i + 1] === '$' ? 2 : 1;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return { at: i, message: 'unterminated comment: no `*/` before the end of the file', hint: 'close the comment with */' };
      i = close + 2;
    } else if (c === '"') {
      stack.push({ open: i, close: '"', what: 'string', kind: 'string' });
      i++;
    } else if (c === "'" && text[i + 1] === "'") {
      stack.push({ open: i, close: "''", what: 'indented string', kind: 'indented' });
      i += 2;
    } else if (/[A-Za-z_]/.test(c)) {
      // Identifiers may contain quotes (`x''`), which must not open a string.
      i++;
      while (i < text.length && /[A-Za-z0-9_'-]/.test(text[i]!)) i++;
    } else if (c === '$' && text[i + 1] === '{') {
      stack.push({ open: i, close: '}', what: 'interpolation', kind: 'code' });
      i += 2;
    } else if (OPENERS[c]) {
      stack.push({ open: i, ...OPENERS[c]!, kind: 'code' });
      i++;
    } else if (c === '}' || c === ']' || c === ')') {
      if (!frame) {
        return { at: i, message: `unexpected \`${c}\`: nothing is open here`, hint: `remove it, or add the opening bracket it belongs to` };
      }
      if (frame.close !== c) {
        return {
          at: i,
          message: `unexpected \`${c}\`: the ${frame.what} opened at ${where(frame.open)} is not closed yet`,
          hint: `close the ${frame.what} with \`${frame.close}\` first`,
        };
      }
      stack.pop();
      i++;
    } else {
      i++;
    }
  }
  const open = top();
  if (!open) return undefined;
  if (open.kind !== 'code') {
    return {
      at: open.open,
      message: `unterminated ${open.what}: no closing \`${open.close}\` before the end of the file`,
      hint: `close the ${open.what} with ${open.close}`,
    };
  }
  return {
    at: endOfContent(text),
    message: `the file ends before the ${open.what} opened at ${where(open.open)} is closed`,
    hint: `add the missing \`${open.close}\` (the file may have been cut off)`,
  };
}
