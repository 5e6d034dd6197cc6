// Golden files: compared byte for byte; rewritten on purpose with
//   UPDATE_GOLDEN=1 npx vitest run test/unit/check
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`golden file ${path} is missing; create it with UPDATE_GOLDEN=1 npx vitest run test/unit/check`);
  }
  expect(actual, `${path} differs; if the change is intended: UPDATE_GOLDEN=1 npx vitest run test/unit/check`).toBe(
    readFileSync(path, 'utf8'),
  );
}
