// Colour only for a person at a terminal: never in pipes, files or CI logs, and never when
// NO_COLOR is set (https://no-color.org) or the terminal says it cannot (TERM=dumb).

export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && !env.CI && env.TERM !== 'dumb';
}

export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
}

const sgr = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;
const plain = (text: string) => text;

export const paint = (on: boolean): Paint =>
  on ? { red: sgr('1;31'), yellow: sgr('1;33'), cyan: sgr('36'), bold: sgr('1') } : { red: plain, yellow: plain, cyan: plain, bold: plain };
