/**
 * The tracer's side of the one exit rule (server/analytics/exits.ts, shared with detection): money stops at a wallet
 * named in the purpose, at an ATM, or at a watch-listed, exchange or foreign receiver. The home country of an
 * outflow is the country of the account paying it: the tracer only follows money through accounts that are not
 * exits themselves, so the payer is at home by construction, and no country is assumed for the data.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import { countryOfAccount, exitOf, type ExitHit } from "../exits.js";

export { exitOf, isForeignAccount, type ExitHit } from "../exits.js";

/** The exit an outflow reaches (home: the payer's country, when it can be read), or null to follow it on. */
export function traceExitOf(
  t: TransferEdge,
  receiver: ProjectionAccount | undefined,
  sender: ProjectionAccount | undefined,
): ExitHit | null {
  return exitOf(t, receiver, countryOfAccount(t.from, sender) ?? null);
}
