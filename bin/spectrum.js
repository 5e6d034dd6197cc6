#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (done by scripts/setup.sh) produces dist/.
import { main } from '../dist/cli/main.js';
process.exitCode = await main(process.argv);
