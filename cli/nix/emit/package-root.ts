// Where spectrum's own files (templates/, modules/, images/, examples/) are, whether this
// code runs from the TypeScript sources (tests) or from dist/ (the installed CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'spectrum') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`spectrum's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
