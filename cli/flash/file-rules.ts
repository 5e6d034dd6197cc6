// Rules for --to-file targets: a file may not be the image itself, an active swap file, or the
// file behind an attached loop device (writing it would corrupt whatever uses that device).
import type { Refusal } from './refusal.js';
import type { SystemFacts } from './system.js';

export interface FileFacts {
  path: string;
  /** `dev:ino` of the target file, or null when it will be created. */
  id: string | null;
  imageId: string;
  system: SystemFacts;
}

type FileRule = (f: FileFacts) => Refusal | undefined;

const notTheImage: FileRule = ({ path, id, imageId }) =>
  id === imageId ? { rule: 'same-file', reason: `${path} is the image itself` } : undefined;

const notSwap: FileRule = ({ path, id, system }) =>
  id && system.swapFiles.has(id)
    ? { rule: 'swap', reason: `${path} is an active swap file`, hint: `turn it off first: swapoff ${path}` }
    : undefined;

const notLoopBacking: FileRule = ({ path, id, system }) => {
  const loop = id ? system.loopBackingFiles.get(id) : undefined;
  return loop
    ? { rule: 'loop-backing', reason: `${path} backs the loop device ${loop}`, hint: `detach it first: losetup -d ${loop}` }
    : undefined;
};

export const FILE_RULES: readonly FileRule[] = [notTheImage, notSwap, notLoopBacking];

export const checkFile = (facts: FileFacts): Refusal[] =>
  FILE_RULES.map((rule) => rule(facts)).filter((r): r is Refusal => r !== undefined);
