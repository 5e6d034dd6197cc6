// hardware.json read back: every shape error is an SP1016 at its place in the file, and a
// file with any error is not used (the topology is checked as if it had none).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHardware } from '../../../cli/hardware/parse.js';
import { parseTopology } from '../../../cli/topology/load/index.js';
import { checkLoaded } from '../../../cli/topology/pipeline.js';
import { MACHINES_DIR } from './fixtures.js';

const golden = readFileSync(join(MACHINES_DIR, 'thinkpad-pch', 'hardware.json'), 'utf8');
const errors = (text: string) => parseHardware(text, 'hardware.json').diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);

describe('parseHardware', () => {
  it('reports a bad address, a wrong type and an unknown key where they are', () => {
    const text = golden
      .replace('"address":"0000:00:1f.6"', '"address":"00:1f.6"')
      .replace('"bootVga":false,"resetMethods":["flr"]', '"bootVga":"no","resetMethods":["flr"],"slot":1');
    expect(errors(text)).toEqual([
      'SP1016 15:16 address "00:1f.6" is not in its format',
      'SP1016 15:118 bootVga must be true or false',
      'SP1016 15:146 unknown key "slot" in a PCI function',
    ]);
    expect(parseHardware(text, 'hardware.json').hardware).toBeNull();
  });

  it('refuses another format, and a missing list', () => {
    expect(errors('{"format": "spectrum-hardware/2", "cpu": null, "pci": [], "usb": [], "unread": []}')).toEqual([
      'SP1016 1:12 this is not a spectrum-hardware/1 file',
    ]);
    expect(errors('{"format": "spectrum-hardware/1", "cpu": "arm", "pci": [], "unread": []}')).toEqual([
      'SP1016 1:1 the hardware file has no "usb"',
      'SP1016 1:42 cpu must be "intel", "amd" or null',
    ]);
  });

  it('leaves JSON syntax to the JSON reader (SP1003), and says when the file is empty', () => {
    expect(errors('{"format": ')[0]).toMatch(/^SP1003 /);
    expect(errors(' \n')).toEqual(['SP1016 1:1 the hardware file is empty']);
  });

  it('is not used when it has errors: the topology is checked without it', () => {
    const topology = '{ name = "t"; vms = { sys-net = { role = "net"; devices = [ "0000:00:1f.6" ]; }; }; }';
    const hw = { ...parseHardware(golden.replace('"cpu": "intel"', '"cpu": 1'), 'hardware.json'), file: 'hardware.json' };
    const checked = checkLoaded(parseTopology(topology, 'topology.nix'), 'topology.nix', hw);
    expect(checked.diagnostics.map((d) => `${d.span.file} ${d.code}`)).toEqual(['hardware.json SP1016']);
    expect(checked.topology).toBeNull();
  });
});
