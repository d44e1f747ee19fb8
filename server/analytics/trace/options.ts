/**
 * Trace settings, following the settings triad: an options interface, defaults, `validateTraceOptions` with precise
 * messages, and `resolveTraceParams` that fills the defaults in and returns the parameters a result reports.
 */
import type { TraceMethod, TraceParams } from "../../../model/trace.js";
import { TraceOptionsError } from "./errors.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a caller (CLI, HTTP API) asks for. At least one complaint or transfer id is required. */
export interface TraceOptions {
  /** Case numbers of complaints: each victim's outflows after the incident, up to the loss, are traced. */
  complaints?: string[];
  /** Transfer ids: each transfer's whole amount is traced. */
  txIds?: string[];
  /** How an outflow picks the money it carries; default "fifo". */
  method?: TraceMethod;
  /**
   * How long after the incident (or the traced transfer) money is followed; default: to the end of the data (or to
   * `asOf` when given), so the freeze list says where the money is now.
   */
  windowMs?: number;
  /**
   * How many transfers in a row money is followed through, the first one included; default 64. Followed to the end of
   * the data, stolen money can pass through more than a few accounts (a shop, a P2P trader…): the account limit is
   * what bounds the cost, and the hop limit only stops chains no investigator would follow.
   */
  maxHops?: number;
  /** Traced money smaller than this (per transfer, and per holding account) is not followed; default 1 KZT. */
  minTracedKzt?: number;
  /** KZT per unit of a currency; when given, it replaces the rates in the data for those currencies. */
  fxTable?: Record<string, number>;
  /**
   * The "now" of the freeze list (epoch ms); default: the latest transfer time the trace saw. Without a window, money
   * is followed up to this time.
   */
  asOf?: number;
  /** Stop expanding after this many accounts have been reached (the rest is reported untraced); default 20 000. */
  maxAccounts?: number;
}

/** The window the CLI and the client offer as a shorter alternative to the default (the end of the data). */
export const MONTH_WINDOW_MS = 30 * DAY_MS;

/** Defaults of every optional setting; no `windowMs`: by default money is followed to the end of the data. */
export const TRACE_DEFAULTS = {
  method: "fifo" as TraceMethod,
  maxHops: 64,
  minTracedKzt: 1,
  maxAccounts: 20_000,
} as const;

/** Everything the tracer runs with: the reported parameters plus the internal limits. */
export interface ResolvedTraceOptions {
  /** `windowMs` is filled in after the trace when the window runs to the end of the data (`windowMs` null here). */
  params: TraceParams;
  /** The window asked for, or null: to the end of the data (`asOf` when given). */
  windowMs: number | null;
  complaints: string[];
  txIds: string[];
  fxTable: Record<string, number> | undefined;
  asOf: number | undefined;
  maxAccounts: number;
}

function positiveInteger(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
    throw new TraceOptionsError(`analytics/trace: ${name} must be a positive integer, got ${String(v)}`);
  }
}

/** Throws TraceOptionsError naming the first bad setting. */
export function validateTraceOptions(opts: TraceOptions): void {
  const complaints = opts.complaints ?? [];
  const txIds = opts.txIds ?? [];
  if (complaints.length === 0 && txIds.length === 0) {
    throw new TraceOptionsError(
      "analytics/trace: give at least one complaint case number or transfer id to trace",
    );
  }
  for (const c of [...complaints, ...txIds]) {
    if (typeof c !== "string" || c.trim() === "") {
      throw new TraceOptionsError(
        "analytics/trace: complaint case numbers and transfer ids must be non-empty strings",
      );
    }
  }
  if (opts.method !== undefined && opts.method !== "fifo" && opts.method !== "proportional") {
    throw new TraceOptionsError(
      `analytics/trace: method must be "fifo" or "proportional", got "${String(opts.method)}"`,
    );
  }
  if (opts.windowMs !== undefined && !(Number.isFinite(opts.windowMs) && opts.windowMs > 0)) {
    throw new TraceOptionsError(
      `analytics/trace: windowMs must be a positive number, got ${String(opts.windowMs)}`,
    );
  }
  positiveInteger("maxHops", opts.maxHops);
  positiveInteger("maxAccounts", opts.maxAccounts);
  if (opts.minTracedKzt !== undefined && !(Number.isFinite(opts.minTracedKzt) && opts.minTracedKzt >= 0)) {
    throw new TraceOptionsError(
      `analytics/trace: minTracedKzt must be a number ≥ 0, got ${String(opts.minTracedKzt)}`,
    );
  }
  if (opts.asOf !== undefined && !Number.isFinite(opts.asOf)) {
    throw new TraceOptionsError(`analytics/trace: asOf must be epoch milliseconds, got ${String(opts.asOf)}`);
  }
  for (const [currency, rate] of Object.entries(opts.fxTable ?? {})) {
    if (!(Number.isFinite(rate) && rate > 0)) {
      throw new TraceOptionsError(
        `analytics/trace: fxTable rate for ${currency} must be a positive number of KZT, got ${String(rate)}`,
      );
    }
  }
}

/** Validate, then fill in the defaults. */
export function resolveTraceOptions(opts: TraceOptions): ResolvedTraceOptions {
  validateTraceOptions(opts);
  const fxTable =
    opts.fxTable && Object.keys(opts.fxTable).length > 0
      ? Object.fromEntries(Object.entries(opts.fxTable).map(([c, r]) => [c.toUpperCase(), r]))
      : undefined;
  return {
    params: {
      method: opts.method ?? TRACE_DEFAULTS.method,
      // Reported as given; a window to the end of the data is reported once the data's end is known.
      windowMs: opts.windowMs ?? 0,
      window: opts.windowMs === undefined ? "end_of_data" : "fixed",
      maxHops: opts.maxHops ?? TRACE_DEFAULTS.maxHops,
      minTracedKzt: opts.minTracedKzt ?? TRACE_DEFAULTS.minTracedKzt,
      rateSource: fxTable ? "table" : "data",
      ...(fxTable ? { fxTable } : {}),
    },
    windowMs: opts.windowMs ?? null,
    complaints: [...new Set(opts.complaints ?? [])],
    txIds: [...new Set(opts.txIds ?? [])],
    fxTable,
    asOf: opts.asOf,
    maxAccounts: opts.maxAccounts ?? TRACE_DEFAULTS.maxAccounts,
  };
}

/** Shorthand used by tests and the CLI: the resolved reported parameters only. */
export function resolveTraceParams(opts: TraceOptions): TraceParams {
  return resolveTraceOptions(opts).params;
}
