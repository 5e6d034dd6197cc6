import { expect, test } from 'vitest';
import { diskSerials, kernelCmdline, MAX_SERIAL } from '../../../vmm/boot.js';
import { browser } from './fixtures.js';

const withDiskId = (diskId: string) => ({ ...browser, ids: { ...browser.ids, diskId } });

test('the command line names both disks and ends in the root hash', () => {
  expect(kernelCmdline()).toEqual({
    ref: 'roothash',
    prefix: 'console=ttyS0 quiet panic=-1 spectrum.root=/dev/vda spectrum.verity=/dev/vdb roothash=',
  });
});

test('the verity disk gets a serial of its own within virtio-blk limits', () => {
  expect(diskSerials(withDiskId('abc'))).toEqual({ rootfs: 'abc', verity: 'abc-v' });
  const long = diskSerials(withDiskId('x'.repeat(MAX_SERIAL)));
  expect(long.rootfs).toHaveLength(MAX_SERIAL);
  expect(long.verity).toHaveLength(MAX_SERIAL);
  expect(long.verity).not.toBe(long.rootfs);
});

test('a disk id the VMM would reject is a bug', () => {
  expect(() => diskSerials(withDiskId('x'.repeat(MAX_SERIAL + 1)))).toThrow(/longer than 20/);
  expect(() => diskSerials(withDiskId('a,b'))).toThrow(/disk id/);
});
