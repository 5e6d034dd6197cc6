// A command's own temporary directory, named after its pid: SIGKILL skips every cleanup, so
// a later run removes the directories of runs that are gone and leaves those in use alone.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeRegExp } from './escape-regexp.js';
import { pidAlive } from './pid.js';

/** A fresh `<tmpdir>/<prefix><pid>-XXXXXX`, after removing those that dead processes left. */
export async function makeScratch(prefix: string): Promise<string> {
  await removeKilledScratch(prefix);
  return mkdtemp(join(tmpdir(), `${prefix}${process.pid}-`));
}

async function removeKilledScratch(prefix: string): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d+)-\\w{6}$`);
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && !pidAlive(Number(pid))) await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}
