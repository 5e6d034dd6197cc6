// Two hooks for the end-to-end tests, honoured only when NODE_ENV=test (vitest sets it), so a
// user's environment can never trigger them. Documented in docs/flash.md.
//   SPECTRUM_FLASH_TEST_BLOCK_DELAY_MS=N        pause N ms after each written block, so a test
//                                               can interrupt a flash part way
//   SPECTRUM_FLASH_TEST_CORRUPT_AFTER_WRITE=OFF flip the byte at OFF on the target after the
//                                               write and before the verification
import { closeSync, constants as C, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

export interface TestHooks {
  blockDelayMs?: number;
  corruptAt?: number;
}

export function testHooks(env: NodeJS.ProcessEnv = process.env): TestHooks {
  if (env.NODE_ENV !== 'test') return {};
  const num = (v: string | undefined): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  return {
    blockDelayMs: num(env.SPECTRUM_FLASH_TEST_BLOCK_DELAY_MS),
    corruptAt: num(env.SPECTRUM_FLASH_TEST_CORRUPT_AFTER_WRITE),
  };
}

/** Flips one byte of the target through a separate descriptor, as another program could. */
export function corruptByte(path: string, offset: number): void {
  const fd = openSync(path, C.O_RDWR);
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
