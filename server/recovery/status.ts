/**
 * Where each requested freeze stands, folded from the outcomes appended to its request (oldest first), and which
 * status changes are allowed. A freeze starts drafted; a bank is asked (sent); it freezes an amount or refuses with a
 * reason; frozen money is released or returned to the victims (in one or several parts).
 */
import type { FreezeItemState, FreezeStatus } from "../../model/recovery.js";
import type { FreezeOutcome, FreezeRequestRecord } from "../store/ports/recovery.js";

/** The statuses a freeze may move to from each status. */
export const NEXT_STATUSES: Readonly<Record<FreezeStatus, readonly FreezeStatus[]>> = {
  drafted: ["sent"],
  sent: ["frozen", "refused"],
  // A bank may correct the amount it froze (frozen again), release it, or return it in parts.
  frozen: ["frozen", "released", "returned"],
  returned: ["returned", "released"],
  refused: [],
  released: [],
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** One state per (request, account), in request order then item order. */
export function foldStates(requests: FreezeRequestRecord[], outcomes: FreezeOutcome[]): FreezeItemState[] {
  const states = new Map<string, FreezeItemState>();
  for (const r of requests) {
    for (const item of r.items) {
      states.set(`${r.id}\u0000${item.account}`, {
        requestId: r.id,
        bank: r.bank,
        account: item.account,
        status: "drafted",
        requestedKzt: item.amountKzt,
        frozenKzt: 0,
        returnedKzt: 0,
        by: r.createdBy,
        at: r.createdAt,
        byComplaint: item.byComplaint,
      });
    }
  }
  const ordered = [...outcomes].sort((a, b) =>
    a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : a.seq - b.seq,
  );
  for (const o of ordered) {
    const s = states.get(`${o.requestId}\u0000${o.account}`);
    if (!s) continue;
    applyOutcome(s, o);
  }
  return [...states.values()];
}

/** Apply one outcome to a state (no checks: the store holds only outcomes that passed `checkChange`). */
export function applyOutcome(
  s: FreezeItemState,
  o: Pick<FreezeOutcome, "status" | "amountKzt" | "reason" | "by" | "at">,
): void {
  s.status = o.status;
  if (o.status === "frozen") s.frozenKzt = o.amountKzt ?? 0;
  if (o.status === "released") s.frozenKzt = 0;
  if (o.status === "returned") {
    const amount = o.amountKzt ?? 0;
    s.returnedKzt = round2(s.returnedKzt + amount);
    s.frozenKzt = round2(Math.max(0, s.frozenKzt - amount));
  }
  if (o.reason !== undefined) s.reason = o.reason;
  s.by = o.by;
  s.at = o.at;
}

/** Why a change is not allowed, or null when it is. */
export function checkChange(
  s: FreezeItemState,
  change: { status: FreezeStatus; amountKzt?: number; reason?: string },
): string | null {
  if (!NEXT_STATUSES[s.status].includes(change.status)) {
    const allowed = NEXT_STATUSES[s.status];
    return (
      `${s.account} in ${s.requestId} is ${s.status}; it can become ` +
      (allowed.length ? allowed.join(" or ") : "nothing else")
    );
  }
  const amount = change.amountKzt;
  if ((change.status === "frozen" || change.status === "returned") && !(amount !== undefined && amount > 0)) {
    return `${change.status} needs an amount in KZT greater than 0 (${s.account} in ${s.requestId})`;
  }
  if (change.status === "returned" && amount! > s.frozenKzt + 0.005) {
    return `cannot return ${amount} KZT from ${s.account} in ${s.requestId}: only ${s.frozenKzt} KZT is frozen`;
  }
  if (change.status === "refused" && !change.reason?.trim()) {
    return `refused needs the bank's reason (${s.account} in ${s.requestId})`;
  }
  return null;
}

/** Per complaint, the amounts currently frozen and returned: each item's figures split as its traced money was. */
export function totalsByComplaint(
  states: FreezeItemState[],
): Map<string, { frozenKzt: number; returnedKzt: number }> {
  const out = new Map<string, { frozenKzt: number; returnedKzt: number }>();
  for (const s of states) {
    const total = Object.values(s.byComplaint).reduce((a, b) => a + b, 0);
    if (total <= 0) continue;
    for (const [caseNo, part] of Object.entries(s.byComplaint)) {
      const share = part / total;
      const t = out.get(caseNo) ?? { frozenKzt: 0, returnedKzt: 0 };
      t.frozenKzt = round2(t.frozenKzt + s.frozenKzt * share);
      t.returnedKzt = round2(t.returnedKzt + s.returnedKzt * share);
      out.set(caseNo, t);
    }
  }
  return out;
}
