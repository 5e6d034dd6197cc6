// Parses one line of nix's `--log-format internal-json` stderr into an event. Lines that are
// not internal-json (nix prints a few plain lines, e.g. from `nix copy`) become `text` events.
// The numeric activity and result types are nix's own (libutil/logging.hh), stable since 2.4.

export const ActivityType = {
  CopyPath: 100,
  FileTransfer: 101,
  Realise: 102,
  CopyPaths: 103,
  Builds: 104,
  Build: 105,
  Substitute: 108,
} as const;

export const ResultType = {
  BuildLogLine: 101,
  SetPhase: 104,
  Progress: 105,
  SetExpected: 106,
  PostBuildLogLine: 107,
} as const;

/** Nix's verbosity levels that matter here: 0 = error, 1 = warning. */
export const LogLevel = { Error: 0, Warn: 1 } as const;

export type Field = string | number;

export type NixEvent =
  | { action: 'msg'; level: number; text: string; file: string | null; line: number | null }
  | { action: 'start'; id: number; type: number; text: string; fields: Field[] }
  | { action: 'stop'; id: number }
  | { action: 'result'; id: number; type: number; fields: Field[] }
  | { action: 'text'; text: string };

const PREFIX = '@nix ';

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Removes terminal colour codes, which nix puts into its messages even when not on a TTY. */
export const stripAnsi = (text: string): string => text.replace(ANSI, '');

export function parseLogLine(line: string): NixEvent | null {
  if (!line.startsWith(PREFIX)) return line.trim() === '' ? null : { action: 'text', text: stripAnsi(line) };
  let json: unknown;
  try {
    json = JSON.parse(line.slice(PREFIX.length));
  } catch {
    return { action: 'text', text: stripAnsi(line) };
  }
  if (typeof json !== 'object' || json === null) return { action: 'text', text: line };
  const o = json as Record<string, unknown>;
  const id = typeof o.id === 'number' ? o.id : 0;
  const type = typeof o.type === 'number' ? o.type : 0;
  const fields = Array.isArray(o.fields) ? (o.fields.filter(isField) as Field[]) : [];
  switch (o.action) {
    case 'msg':
      return {
        action: 'msg',
        level: typeof o.level === 'number' ? o.level : LogLevel.Error,
        text: stripAnsi(String(o.msg ?? '')),
        file: typeof o.file === 'string' ? o.file : null,
        line: typeof o.line === 'number' ? o.line : null,
      };
    case 'start':
      return { action: 'start', id, type, text: stripAnsi(String(o.text ?? '')), fields };
    case 'stop':
      return { action: 'stop', id };
    case 'result':
      return { action: 'result', id, type, fields };
    default:
      return null;
  }
}

const isField = (v: unknown): v is Field => typeof v === 'string' || typeof v === 'number';

/** `/nix/store/<hash>-<name>.drv` (or an output path) -> `<name>`. */
export function storePathName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.drv$/, '');
  return /^[0-9a-z]{32}-/.test(base) ? base.slice(33) : base;
}
