// Turns the errors a filesystem can throw at a tree writer into one clear paragraph for the
// user. Errors without an errno code are not the filesystem's and pass through untouched.
import { UserError } from '../diagnostics.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the filesystem is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'a directory is where a file should go',
  EEXIST: 'something else created the same path meanwhile',
  ENOTEMPTY: 'something else created the same path meanwhile',
  EXDEV: 'the temporary directory ended up on another filesystem',
  EIO: 'the disk reported an I/O error',
  ENOENT: 'a directory on the way does not exist',
};

/** `redirect`: how the user makes the command write elsewhere (the command's words). */
export function describeFsError(err: unknown, dir: string, redirect: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (err instanceof UserError || typeof code !== 'string') return err;
  const path = (err as NodeJS.ErrnoException).path;
  const reason = REASONS[code] ?? (err as Error).message;
  return new UserError(
    `could not write ${dir}: ${reason} (${code}${path ? ` on ${path}` : ''}). ${dir} was left as it was.`,
    code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space and run the command again' : redirect,
  );
}
