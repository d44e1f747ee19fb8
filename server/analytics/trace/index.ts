/**
 * Fund tracing: follows a complaint's (or a transfer's) money forward in time through accounts, to exits and to the
 * accounts still holding it (the freeze list). FIFO by default, proportional ("haircut") as an option. Rules shared
 * with the generator's truth are in docs/FORMATS.md; this module's own choices are in seeds.ts (what is traced),
 * simulation.ts (replay order, limits) and tracer.ts (expansion).
 */
import type { ComplaintRecord } from "../../../model/records.js";
import type { TraceResult } from "../../../model/trace.js";
import { resolveTraceOptions, type TraceOptions } from "./options.js";
import { runTrace } from "./tracer.js";
import type { TraceStore } from "./types.js";

export type { TraceOptions } from "./options.js";
export { MONTH_WINDOW_MS, TRACE_DEFAULTS, resolveTraceParams, validateTraceOptions } from "./options.js";
export { TraceNotFoundError, TraceOptionsError } from "./errors.js";
export type { TraceStore } from "./types.js";
export { exitOf, isForeignAccount, traceExitOf } from "./exit-rule.js";

/**
 * Trace money from complaints and/or transfer ids. Reads the store frontier by frontier (transfers of the accounts
 * reached, their receivers' details); never the whole graph. A caller that has already read the complaints' records
 * (a triage of every complaint) passes them in `known.complaints` so they are not read again.
 * @throws TraceOptionsError for bad options, TraceNotFoundError for an unknown complaint or transfer id.
 */
export async function traceFunds(
  store: TraceStore,
  opts: TraceOptions,
  known: { complaints?: ComplaintRecord[] } = {},
): Promise<TraceResult> {
  return runTrace(
    store,
    resolveTraceOptions(opts),
    new Map((known.complaints ?? []).map((c) => [c.caseNo, c])),
  );
}
