// Quotes a user's value inside a message: escaped, so it cannot act on a terminal or
// break the message's layout, and shortened, so a 10 MB value does not flood the screen.
import { escapeControls } from './term.js';

const MAX_SHOWN = 60;

export function quote(value: string): string {
  const chars = value.length > MAX_SHOWN ? Array.from(value.slice(0, MAX_SHOWN * 2)) : null;
  const shown = chars && chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}…` : value;
  return `"${escapeControls(shown.replace(/["\\]/g, '\\$&'))}"`;
}
