// Drives `spectrum run` the way a person at the host's serial console does: waits for lines,
// types commands into the root shell the host offers once its VMs have settled, and reads
// what each printed. Everything the guest printed is kept, carriage returns removed.
import { execa, type ResultPromise } from 'execa';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../cli.js';

export class HostConsole {
  text = '';
  private readonly run: ResultPromise;
  private waiters: (() => void)[] = [];
  private commands = 0;

  constructor(args: string[], cwd: string, env: Record<string, string>) {
    this.run = execa(process.execPath, [CLI, 'run', ...args], { cwd, env, reject: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false });
    // Also on disk, to follow a long boot while it runs (tail -f …/console.log).
    const log = join(cwd, 'console.log');
    const take = (chunk: Buffer): void => {
      appendFileSync(log, chunk);
      this.text += chunk.toString('latin1').replaceAll('\r', '');
      for (const w of this.waiters.splice(0)) w();
    };
    this.run.stdout!.on('data', take);
    this.run.stderr!.on('data', take);
    void this.run.then(() => {
      this.exited = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  exited = false;

  /** The first match of `pattern` in the console text from offset `from` on. */
  async waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(this.text.slice(from));
      if (found) return found;
      if (this.exited) throw new Error(`QEMU exited before the console printed ${pattern}; the console ended:\n${this.text.slice(-3000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the console did not print ${pattern} within ${timeoutMs / 1000} s; it ended:\n${this.text.slice(-3000)}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /**
   * Types `command` at the host's shell and returns what it printed and its exit status. The
   * markers around it are built by the shell ("@@"start-N prints @@start-N), so the echoed
   * command line, which the shell may also wrap, never matches them.
   */
  async sh(command: string, timeoutMs = 120_000): Promise<{ output: string; status: number }> {
    const n = ++this.commands;
    const from = this.text.length;
    this.run.stdin!.write(`echo "@@"start-${n}; ${command}; echo "@@"end-${n} $?\n`);
    const started = await this.waitFor(new RegExp(`^@@start-${n}\n`, 'm'), timeoutMs, from);
    const start = from + started.index + started[0].length;
    const end = await this.waitFor(new RegExp(`^@@end-${n} (\\d+)$`, 'm'), timeoutMs, start);
    return { output: this.text.slice(start, start + end.index), status: Number(end[1]) };
  }

  /** Sends a line without waiting (for commands that end the shell, such as poweroff). */
  type(line: string): void {
    this.run.stdin!.write(`${line}\n`);
  }

  async exit(): Promise<number> {
    const r = await this.run;
    return r.exitCode ?? -1;
  }

  kill(): void {
    this.run.kill('SIGKILL');
  }
}
