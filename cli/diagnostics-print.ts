// Turns diagnostics into text for a terminal: location, message, a source excerpt with a
// caret under the offending value, and the hint. Everything that came from the user's file
// is escaped here, so a hostile file cannot move the cursor or recolour the terminal.
import type { Diagnostic } from './diagnostics.js';
import { escapeControls } from './output/term.js';
import { paint } from './output/colour.js';

const TAB_WIDTH = 4;
// Lines longer than this are cut around the column so the caret stays on screen.
const MAX_EXCERPT = 100;
const CONTEXT_BEFORE = 40;

interface LineIndex {
  text: string;
  starts: number[];
}

let cached: LineIndex | null = null;

// Printing thousands of diagnostics of one file indexes its lines once.
function lineIndex(text: string): LineIndex {
  if (cached?.text === text) return cached;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  cached = { text, starts };
  return cached;
}

function sourceLine(text: string, line: number): string | null {
  const { starts } = lineIndex(text);
  if (line < 1 || line > starts.length) return null;
  const start = starts[line - 1];
  const end = line < starts.length ? starts[line] - 1 : text.length;
  return text.slice(start, end).replace(/\r$/, '');
}

/** Renders `line[from, to)` for display; returns the text and the display width before each unit. */
function render(line: string, from: number, to: number): { text: string; widthAt: (i: number) => number } {
  let out = '';
  const widths: number[] = [];
  for (let i = from; i < to; ) {
    const cp = line.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const ch = line.slice(i, i + units);
    for (let u = 0; u < units; u++) widths.push(out.length);
    out += ch === '\t' ? ' '.repeat(TAB_WIDTH - (out.length % TAB_WIDTH)) : escapeControls(ch);
    i += units;
  }
  widths.push(out.length);
  return { text: out, widthAt: (i) => widths[Math.min(Math.max(i - from, 0), widths.length - 1)] };
}

function excerpt(d: Diagnostic, text: string, mark: (caret: string) => string): string {
  const line = sourceLine(text, d.span.line);
  if (line === null) return '';
  const col = Math.min(Math.max(d.span.column - 1, 0), line.length);
  const end = Math.min(col + Math.max(d.span.length, 1), line.length);
  let from = 0;
  let to = line.length;
  if (line.length > MAX_EXCERPT) {
    from = Math.max(0, col - CONTEXT_BEFORE);
    to = Math.min(line.length, from + MAX_EXCERPT);
  }
  const shown = render(line, from, to);
  const caretFrom = shown.widthAt(col);
  const caretTo = Math.max(shown.widthAt(Math.min(end, to)), caretFrom + 1);
  const lead = from > 0 ? '…' : '';
  const tail = to < line.length ? '…' : '';
  const number = String(d.span.line);
  const gutter = ' '.repeat(number.length);
  return (
    `${number} | ${lead}${shown.text}${tail}\n` +
    `${gutter} | ${' '.repeat(lead.length + caretFrom)}${mark(`^${'~'.repeat(caretTo - caretFrom - 1)}`)}\n`
  );
}

/**
 * `file:line:col: error[SP2003]: message`, the source line, a caret line, and the hint; with
 * `colour`, the severity and caret in its colour (colourWanted decides).
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string, colour = false): string {
  const { file, line, column } = d.span;
  const p = paint(colour);
  const tone = d.severity === 'error' ? p.red : p.yellow;
  const head = `${p.bold(`${escapeControls(file)}:${line}:${column}:`)} ${tone(`${d.severity}[${d.code}]`)}: ${escapeControls(d.message)}\n`;
  // An unreadable, missing or empty file has no line to point at.
  const source = sourceText === undefined || sourceText === '' ? '' : excerpt(d, sourceText, tone);
  const hint = d.hint ? `  ${p.cyan('hint:')} ${escapeControls(d.hint)}\n` : '';
  return head + source + hint;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 errors, 1 warning". */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')}`;
}
