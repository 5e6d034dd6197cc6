// A status line redrawn in place on a terminal (a progress bar, nix's build status). Lines
// printed meanwhile take its place and it is drawn again below them, so the two never mix.

/** Carriage return and erase to the end of the line. */
const CLEAR = '\r\x1b[K';

export interface LineOutput {
  write(text: string): unknown;
}

export class LiveLine {
  private drawn = false;

  constructor(private readonly out: LineOutput) {}

  /** Replaces the line with `text`, which is terminal text already. */
  draw(text: string): void {
    this.out.write(`${CLEAR}${text}`);
    this.drawn = true;
  }

  /** Prints `text` and a newline where the line was; the line is gone until drawn again. */
  print(text: string): void {
    this.out.write(`${this.drawn ? CLEAR : ''}${text}\n`);
    this.drawn = false;
  }

  /** Removes the line, so that whatever is printed next starts at the left margin. */
  clear(): void {
    if (this.drawn) this.out.write(CLEAR);
    this.drawn = false;
  }
}
