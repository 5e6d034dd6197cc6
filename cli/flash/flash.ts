// `spectrum flash` as one short composition: image -> target -> facts -> rules -> confirm ->
// write + verify. Refusals stop it with every reason at once and nothing opened for writing.
import type { Readable, Writable } from 'node:stream';
import { resolveImage } from './image.js';
import { isRefusal, resolveTarget } from './target.js';
import { readSystemFacts } from './system.js';
import { inspect } from './inspect.js';
import { refusalError } from './refusal.js';
import { confirm } from './confirm.js';
import { openForCheck } from './open.js';
import { execute } from './execute.js';
import { dryRunJson } from './summary.js';
import { bytes } from '../output/units.js';
import { term } from '../output/term.js';
import { interruptedExit } from '../interrupt.js';

export interface FlashRequest {
  /** Image file or live-image folder; default ./result/live.img. */
  image?: string;
  device: string;
  toFile: boolean;
  allowFixed: boolean;
  yes: boolean;
  dryRun: boolean;
  /** Results as JSON on stdout (docs/flash.md); refusals and failures stay text on stderr. */
  json: boolean;
  cwd: string;
}

export interface FlashIo {
  input: Readable & { isTTY?: boolean };
  out: Writable;
  err: Writable & { isTTY?: boolean };
}

/** Returns the exit code; refusals and bad arguments are thrown as UserError. */
export async function flash(req: FlashRequest, io: FlashIo): Promise<number> {
  const image = resolveImage(req.cwd, req.image);
  const target = resolveTarget(req.device, req.toFile);
  if (isRefusal(target)) throw refusalError(req.device, [target]);
  const facts = await inspect(target, image, readSystemFacts(), req.allowFixed);
  if (facts.refusals.length > 0) throw refusalError(target.given, facts.refusals);
  io.err.write(`${facts.description}\n${term`Everything on it will be replaced by ${image.path} (${bytes(image.bytes)}).`}\n`);
  if (req.dryRun) {
    openForCheck(target);
    io.out.write(req.json ? dryRunJson(image, target.given) : term`dry run: every check passed and ${target.given} can be opened; nothing was written\n`);
    return 0;
  }
  const answer = await confirm(facts.expected, req.yes, { input: io.input, output: io.err });
  if (answer === 'interrupted') {
    io.err.write('stopped at the prompt; nothing was written\n');
    return interruptedExit('SIGINT');
  }
  if (answer !== 'confirmed') throw refusalError(target.given, [answer]);
  return execute({ image, target, capacity: facts.capacity, sector: facts.sector, err: io.err, out: io.out, json: req.json });
}
