// Watches the serial console for the initramfs's one-line failure report (after which the
// machine halts, so nothing else would end the run) and for `--expect`'s pattern, whichever
// comes first. Output arrives in arbitrary chunks, so matching runs over a sliding window of
// recent text, and bytes are decoded as a stream (a UTF-8 character may be split between
// chunks).

/** The line the initramfs prints before halting when it cannot boot the verified root. */
const BOOT_FAILED = /spectrum: boot failed:[^\r\n]*(?=[\r\n])/;

/** Matches must fit in this much recent console text. */
const WINDOW = 8192;

export type Verdict = { kind: 'matched'; text: string } | { kind: 'boot-failed'; line: string };

export class ConsoleWatcher {
  private readonly decoder = new TextDecoder();
  private text = '';

  /** `expect` null: watch for the failure line alone. */
  constructor(private readonly expect: RegExp | null) {}

  /** Feeds console output; returns a verdict once one is reached. */
  feed(chunk: Uint8Array): Verdict | null {
    this.text = (this.text + this.decoder.decode(chunk, { stream: true })).slice(-WINDOW);
    const match = this.expect?.exec(this.text);
    if (match) return { kind: 'matched', text: match[0] };
    const failed = BOOT_FAILED.exec(this.text);
    return failed ? { kind: 'boot-failed', line: failed[0] } : null;
  }
}
