// The few positioned I/O calls the writer and verifier make, behind an interface so unit tests
// can inject the failures this machine cannot produce for real (EIO, a vanishing device).
import { fsync, read, write } from 'node:fs';
import { codedError } from './failure.js';

export interface BlockIo {
  read(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number>;
  write(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number>;
  fsync(fd: number): Promise<void>;
}

/** What the writer and the verifier both take: the image, the target and how to report. */
export interface BlockJob {
  imageFd: number;
  imageBytes: number;
  targetFd: number;
  signal: AbortSignal;
  onProgress: (bytesDone: number) => void;
  io?: BlockIo;
}

export const nodeIo: BlockIo = {
  read: (fd, buf, offset, length, position) =>
    new Promise((ok, fail) => read(fd, buf, offset, length, position, (err, n) => (err ? fail(err) : ok(n)))),
  write: (fd, buf, offset, length, position) =>
    new Promise((ok, fail) => write(fd, buf, offset, length, position, (err, n) => (err ? fail(err) : ok(n)))),
  fsync: (fd) => new Promise((ok, fail) => fsync(fd, (err) => (err ? fail(err) : ok()))),
};

/** Reads exactly `length` bytes unless the file ends first; returns how many were read. */
export async function readFull(io: BlockIo, fd: number, buf: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const n = await io.read(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Writes all `length` bytes; a device that accepts nothing more is a short write. */
export async function writeFull(io: BlockIo, fd: number, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const n = await io.write(fd, buf, done, length - done, position + done);
    if (n <= 0) {
      throw codedError('SHORT_WRITE', `the device accepted ${position + done} bytes and then no more`);
    }
    done += n;
  }
}
