/**
 * A one-line progress bar for long CLI runs (ingest): redrawn in place on a terminal's stderr, at most every 100 ms.
 * Nothing is drawn when stderr is not a terminal or under --json, so piped and machine output stay clean.
 */

/** What the bar shows: overall bytes, the current file and a count of rows (and records stored). */
export interface ProgressState {
  /** Bytes done over all files. */
  bytesDone: number;
  bytesTotal: number;
  /** Name of the file being read. */
  file: string;
  rowsRead: number;
  /** Records written to the store so far. */
  stored: number;
  /** Milliseconds since the start. */
  elapsedMs: number;
}

/** `[#####-----]` of `width` cells for a fraction clamped to 0..1. */
export function renderBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}

/** One line of progress text, cut to `columns` characters. */
export function formatProgress(s: ProgressState, columns = 100): string {
  const fraction = s.bytesTotal > 0 ? s.bytesDone / s.bytesTotal : 0;
  const pct = `${Math.floor(Math.min(1, fraction) * 100)}%`.padStart(4);
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(s.stored / secs) : 0;
  const text = `${renderBar(fraction, 24)} ${pct}  ${s.rowsRead} rows, ${s.stored} records stored (${rate}/s)  ${s.file}`;
  return text.length > columns ? text.slice(0, Math.max(0, columns - 1)) + "…" : text;
}

export interface ProgressBar {
  /** Record progress; redraws when enough time has passed. */
  update(change: Partial<Omit<ProgressState, "elapsedMs">>): void;
  /** Draw the final state and end the line (no-op when disabled). */
  done(): void;
  /** Erase the line (before printing an error). */
  clear(): void;
}

export interface ProgressBarOptions {
  stream: NodeJS.WriteStream;
  bytesTotal: number;
  /** False disables all output (not a TTY, --json). */
  enabled: boolean;
  /** Minimum milliseconds between redraws; default 100. */
  intervalMs?: number;
  now?: () => number;
}

/** A progress bar on `stream`; see ProgressBarOptions.enabled. */
export function createProgressBar(opts: ProgressBarOptions): ProgressBar {
  const now = opts.now ?? (() => Date.now());
  const start = now();
  const interval = opts.intervalMs ?? 100;
  const state: Omit<ProgressState, "elapsedMs"> = {
    bytesDone: 0,
    bytesTotal: opts.bytesTotal,
    file: "",
    rowsRead: 0,
    stored: 0,
  };
  let lastDraw = -Infinity;
  let drawn = false;
  const draw = () => {
    const columns = opts.stream.columns ?? 100;
    opts.stream.write(`\r\x1b[2K${formatProgress({ ...state, elapsedMs: now() - start }, columns)}`);
    drawn = true;
    lastDraw = now();
  };
  return {
    update(change) {
      Object.assign(state, change);
      if (opts.enabled && now() - lastDraw >= interval) draw();
    },
    done() {
      if (!opts.enabled) return;
      draw();
      opts.stream.write("\n");
      drawn = false;
    },
    clear() {
      if (opts.enabled && drawn) opts.stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}
