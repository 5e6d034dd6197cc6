// Everything below a directory as path -> content and mode, to assert a tree is unchanged.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) {
        out[`${path}/`] = `dir ${(stat.mode & 0o777).toString(8)}`;
        walk(path);
      } else if (stat.isSymbolicLink()) out[path] = `-> ${readlinkSync(join(dir, path))}`;
      else out[path] = `${(stat.mode & 0o777).toString(8)} ${readFileSync(join(dir, path), 'utf8')}`;
    }
  };
  walk('');
  return out;
}
