// Bytes -> text. Topology files must be UTF-8: anything else would be silently mangled
// on its way into generated Nix, so the first invalid byte is reported with its position.
import type { Diagnostic } from '../../diagnostics.js';
import { LOAD_CODES } from './codes.js';

export type Decoded = { text: string; diagnostic?: undefined } | { text: string; diagnostic: Diagnostic };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeSource(bytes: Uint8Array | string, file: string): Decoded {
  if (typeof bytes === 'string') return { text: bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes };
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    // The valid prefix fixes the position; the lossy decoding still gives excerpts.
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lineStart = prefix.lastIndexOf('\n') + 1;
    const line = countNewlines(prefix) + 1;
    const text = new TextDecoder('utf-8').decode(bytes);
    const hex = bytes[bad]!.toString(16).padStart(2, '0');
    return {
      text,
      diagnostic: {
        code: LOAD_CODES.invalidUtf8,
        severity: 'error',
        message: `the file is not valid UTF-8: byte 0x${hex} at offset ${bad} cannot start or continue a character`,
        span: { file, line, column: prefix.length - lineStart + 1, length: 1 },
        hint: 'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), or remove the stray byte',
      },
    };
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offset of the first byte that breaks UTF-8 (overlong forms and surrogates included). */
export function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; cp = c & 0x07; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
      // A sequence that can no longer become a valid scalar fails at its first byte.
      if (k === 1 && ((need === 2 && c === 0xe0 && d < 0xa0) || (c === 0xed && d >= 0xa0) ||
        (c === 0xf0 && d < 0x90) || (c === 0xf4 && d >= 0x90))) return i;
    }
    if (cp < min || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return b.length;
}
