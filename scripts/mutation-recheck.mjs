// Reruns, in a fresh process each, the surviving mutants that Stryker marked static
// (`npm run mutation:recheck`, after `npm run mutation`). Stryker's vitest runner activates a
// mutant in code that runs when a module loads (a Set of keywords, a regular expression, an
// arrow function assigned at the top) without loading the module again when the mutant is
// also covered by a test, so such a mutant can "survive" tests that would kill it. Here each
// one is applied to a copy of the tree and the unit test files that import the module run
// in a new vitest process. The working tree is never changed. Prints a verdict per mutant
// and each module's score with those verdicts counted.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');
const REPORT = join(REPO, 'reports/mutation/mutation.json');
if (!existsSync(REPORT)) {
  console.error(`mutation:recheck: no ${relative(process.cwd(), REPORT)}; run \`npm run mutation\` first`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'));

const copy = mkdtempSync(join(tmpdir(), 'spectrum-mutation-recheck-'));
process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
for (const path of execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean)) {
  cpSync(join(REPO, path), join(copy, path), { recursive: true, verbatimSymlinks: true });
}
symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));

/**
 * Unit test files under `root` that import a module of `module`'s file name. A file with the
 * same name elsewhere adds tests, never removes any; a test that reaches the module only
 * through a helper is missed, which can only leave a mutant counted as surviving.
 */
function testsOf(root, module) {
  const name = `${basename(module, '.ts')}.js'`;
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes(name)) files.push(relative(root, path));
    }
  };
  walk(join(root, 'test/unit'));
  return files;
}

for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const statics = mutants.filter((m) => m.status === 'Survived' && m.static);
  if (statics.length === 0) continue;
  const tests = testsOf(copy, file);
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = ({ line, column }) => lineStarts[line - 1] + column - 1;
  let killed = 0;
  for (const m of statics) {
    const [a, b] = [at(m.location.start), at(m.location.end)];
    writeFileSync(join(copy, file), source.slice(0, a) + m.replacement + source.slice(b));
    const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.mutation.config.ts', ...tests], { cwd: copy, encoding: 'utf8', timeout: 600_000 });
    writeFileSync(join(copy, file), source);
    // Killed only by a failing test, as in Stryker; a run that breaks otherwise kills nothing.
    const dead = /Tests +\d+ failed/.test(run.stdout.replace(/\x1b\[[0-9;]*m/g, ''));
    if (dead) killed++;
    console.log(`${dead ? 'killed  ' : 'survived'} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${JSON.stringify(m.replacement.slice(0, 60))}`);
  }
  const scored = mutants.filter((m) => ['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status));
  const detected = scored.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  const pct = (n) => `${((100 * n) / scored.length).toFixed(1)}%`;
  console.log(`${file}: ${detected} of ${scored.length} (${pct(detected)}) by Stryker, ${detected + killed} (${pct(detected + killed)}) with the static survivors rerun (tests: ${tests.join(' ')})\n`);
}
