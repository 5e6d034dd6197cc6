// A USB stick names itself: vendor, model and partition labels are the maker's (or an
// attacker's) bytes, and `spectrum flash` shows them before asking to overwrite the stick.
// Escape sequences in them must reach the terminal as visible text, not act on it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm, describeDevice } from '../../../cli/flash/confirm.js';
import { parseLsblk } from '../../../cli/flash/lsblk.js';
import { refusalError } from '../../../cli/flash/refusal.js';

const ESC = '\x1b';
const HOSTILE = {
  clear: `${ESC}[2J`,
  clipboard: `${ESC}]52;c;cm0gLXJmIH4K\x07`,
  bidi: '\u202etxt.exe',
  c1: '\x9b31m\x85',
};

// Any control, bidi or zero-width character left raw; newlines between lines are spectrum's own.
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

function hostileStick(): string {
  const doc = JSON.parse(readFileSync(join(__dirname, '../../fixtures/lsblk/usb-stick-unmounted.json'), 'utf8'));
  const disk = doc.blockdevices[0];
  disk.vendor = `Acme${HOSTILE.clear}`;
  disk.model = `Stick${HOSTILE.clipboard}${HOSTILE.c1}`;
  disk.children[0].label = `BOOT${HOSTILE.bidi}`;
  disk.children[1].label = `data\n/dev/sda: Safe Disk`;
  return JSON.stringify(doc);
}

describe('flash shows what a device says of itself inert', () => {
  const shown = describeDevice(parseLsblk(hostileStick(), '/dev/sdb'));

  it('escapes ESC [ 2J, OSC 52, C1 controls and bidi overrides in vendor, model and labels', () => {
    expect(shown).not.toMatch(RAW);
    expect(shown).toContain('Acme\\x1b[2J');
    expect(shown).toContain('Stick\\x1b]52;c;cm0gLXJmIH4K\\x07\\x9b31m\\x85');
    expect(shown).toContain('"BOOT\\u{202e}txt.exe"');
  });

  it('keeps a label with a line break on its own line', () => {
    expect(shown.split('\n')).toHaveLength(3);
    expect(shown).toContain('"data\\n/dev/sda: Safe Disk"');
  });

  it('escapes the name it asks to have typed', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let prompt = '';
    output.on('data', (d) => (prompt += String(d)));
    setImmediate(() => input.write('\n'));
    await confirm(`x${HOSTILE.clear}`, false, { input, output });
    expect(prompt).toContain('Type x\\x1b[2J to overwrite it');
    expect(prompt).not.toContain(HOSTILE.clear);
  });

  it('escapes device strings in refusals', () => {
    const error = refusalError('/dev/sdb', [{ rule: 'mounted', reason: `/dev/sdb1 on /media/${HOSTILE.bidi}\nfake line`, hint: HOSTILE.clear }]);
    expect(error.message).not.toMatch(RAW);
    expect(error.message).toContain('/media/\\u{202e}txt.exe\\nfake line');
  });
});
