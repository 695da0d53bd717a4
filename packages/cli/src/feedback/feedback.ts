/**
 * Feedback while a command works: progress bars on a terminal, plain lines when stderr is not
 * a terminal, JSON lines with `--log-format json`, nothing but warnings and errors with
 * `--quiet`. Everything goes to stderr; stdout is kept for results.
 */
import type { TextWriter } from '../cli-io.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';

export type FeedbackMode = 'tty' | 'plain' | 'json' | 'quiet';

export interface ProgressHandle {
  /** Reports progress; `total` may be unknown. */
  update(done: number, total?: number): void;
  /** Ends the bar with a closing note (`12,345 rows`). */
  finish(note?: string): void;
}

export interface Feedback {
  readonly mode: FeedbackMode;
  /** A note for people (skipped with `--quiet`). */
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Something the user must see, even with `--quiet`. */
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Starts a progress bar (a line in plain mode, events in JSON mode). */
  progress(label: string, unit: string): ProgressHandle;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 80;

/** Formats an integer with thousands separators (`1,234,567`). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Creates the feedback channel for a command.
 *
 * @example
 * ```ts
 * const fb = createFeedback(process.stderr, { mode: 'plain' });
 * const bar = fb.progress('payments', 'rows');
 * bar.update(1000); bar.finish('1,000 rows');
 * ```
 */
export function createFeedback(stderr: TextWriter, options: { mode: FeedbackMode; columns?: number | undefined; now?: () => number; lang?: Lang }): Feedback {
  const mode = options.mode;
  const lang = options.lang ?? 'en';
  const sep = msg(lang, 'labelSeparator');
  const warning = msg(lang, 'warningLabel');
  const error = msg(lang, 'errorLabel');
  const now = options.now ?? Date.now;
  const columns = options.columns ?? 80;
  const log = (level: string, event: string, message: string, fields?: Readonly<Record<string, unknown>>): void => {
    stderr.write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, event, message, ...fields })}\n`);
  };
  return {
    mode,
    info(message, fields) {
      if (mode === 'json') log('info', 'info', message, fields);
      else if (mode !== 'quiet') stderr.write(`${message}\n`);
    },
    warn(message, fields) {
      if (mode === 'json') log('warn', 'warning', message, fields);
      else stderr.write(`${mode === 'tty' ? `\u001b[33m${warning}\u001b[0m` : warning}${sep}${message}\n`);
    },
    error(message, fields) {
      if (mode === 'json') log('error', 'error', message, fields);
      else stderr.write(`${mode === 'tty' ? `\u001b[31m${error}\u001b[0m` : error}${sep}${message}\n`);
    },
    progress(label, unit) {
      let last = 0;
      let done = 0;
      let total: number | undefined;
      const started = now();
      const draw = (final: boolean, note?: string): void => {
        const pct = total !== undefined && total > 0 ? Math.min(1, done / total) : final ? 1 : undefined;
        const count = note ?? `${formatCount(done)}${total === undefined ? '' : `/${formatCount(total)}`} ${unit}`;
        const name = label.padEnd(22).slice(0, 22);
        // The bar gives way on a narrow terminal; the label and the count stay whole.
        const width = Math.max(0, Math.min(BAR_WIDTH, columns - 1 - name.length - count.length - 7));
        const filled = pct === undefined ? Math.floor((now() - started) / REDRAW_MS) % Math.max(1, width) : Math.round(pct * width);
        const bar = width === 0 ? '' : pct === undefined ? `${'░'.repeat(filled)}█${'░'.repeat(Math.max(0, width - filled - 1))}` : `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        const text = `${name} ${bar} ${pct === undefined ? '    ' : `${String(Math.round(pct * 100)).padStart(3)}%`} ${count}`;
        stderr.write(`\r\u001b[2K${text.slice(0, columns - 1)}${final ? '\n' : ''}`);
      };
      if (mode === 'plain') stderr.write(`${label} …\n`);
      if (mode === 'json') log('info', 'progress-start', label, { label });
      return {
        update(d, t) {
          done = d;
          total = t ?? total;
          if (mode !== 'tty') return;
          const ms = now();
          if (ms - last < REDRAW_MS) return;
          last = ms;
          draw(false);
        },
        finish(note) {
          const ms = now() - started;
          if (mode === 'tty') draw(true, note);
          else if (mode === 'plain') stderr.write(`${label}${sep}${note ?? `${formatCount(done)} ${unit}`} (${ms} ms)\n`);
          else if (mode === 'json') log('info', 'progress-end', `${label}: ${note ?? `${formatCount(done)} ${unit}`}`, { label, done, ms });
        },
      };
    },
  };
}
