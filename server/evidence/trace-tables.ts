/**
 * The trace's tables as CSV for the package: freeze-list.csv (accounts still holding traced money) and exits.csv.
 */
import type { TraceResult } from "../../model/trace.js";
import { csvDocument } from "./csv.js";

export function freezeListCsv(trace: TraceResult): string {
  return csvDocument(
    ["account", "bank", "amountKzt", "arrivedAtUtc", "heldForHours"],
    trace.freezeList.map((f) => [
      f.account,
      f.bank,
      f.amountKzt,
      new Date(f.arrivedAt).toISOString(),
      Math.round((f.heldForMs / 3_600_000) * 100) / 100,
    ]),
  );
}

export function exitsCsv(trace: TraceResult): string {
  return csvDocument(
    ["exit", "kind", "amountKzt", "txIds"],
    trace.exits.map((e) => [e.id, e.kind, e.amountKzt, e.txIds.join(" ")]),
  );
}
