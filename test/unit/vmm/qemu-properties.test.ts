// The QEMU emitter's device options, checked against the QEMU installed here (scripts/setup.sh
// installs qemu-system-x86): each `-device DRIVER,prop=..` and `-object TYPE,prop=..` must name
// properties that `qemu-system-x86_64 -device DRIVER,help` lists. A misspelt property fails here
// rather than when a VM starts. `id` is QEMU's generic option of every device and object, which
// the help leaves out.
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { qemu } from '../../../vmm/qemu.js';
import { browser, on, sysNet, topology } from './fixtures.js';
import { render } from './render.js';

const help = (flag: string, type: string): string =>
  execFileSync('qemu-system-x86_64', [flag, `${type},help`], { encoding: 'utf8' });

const options = (flag: string): string[] =>
  [on(browser, 'qemu'), on(sysNet, 'qemu')].flatMap((vm) => {
    const argv = render(qemu.command(vm, topology).argv);
    return argv.flatMap((a, i) => (argv[i - 1] === flag ? [a] : []));
  });

test.each(['-device', '-object'])('every %s property exists in this QEMU', (flag) => {
  const seen = options(flag);
  expect(seen.length).toBeGreaterThan(0);
  for (const option of seen) {
    const [type, ...props] = option.split(',');
    const listed = help(flag, type!);
    for (const name of props.map((p) => p.split('=')[0]!).filter((n) => n !== 'id')) {
      expect(listed, `${type} has no property ${name}`).toMatch(new RegExp(`^\\s+${name}=`, 'm'));
    }
  }
});
