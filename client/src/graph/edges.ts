/**
 * Transfers drawn as one edge: parallel transfers between the same two nodes are aggregated (GraphCanvas), each
 * keeping its own time and amount so that the time and amount filters still apply to single transfers. Pure
 * functions: what is visible under the filters, and the text an edge shows (count, sum, dates).
 */

/** One transfer (or withdrawal) of an aggregated edge. */
export interface EdgeMember {
  /** The relationship's id (`tx:<txId>`). */
  id: string;
  ts?: number;
  amountKzt?: number;
  /** The traced amount, on a trace. */
  traced?: number;
}

export interface MemberFilter {
  from?: number;
  to?: number;
  minAmount?: number;
}

/** Does one transfer pass the filters? A transfer without a time or amount is not filtered out by it. */
export function memberVisible(m: EdgeMember, f: MemberFilter): boolean {
  if (m.ts !== undefined) {
    if (f.from !== undefined && m.ts < f.from) return false;
    if (f.to !== undefined && m.ts > f.to) return false;
  }
  if (f.minAmount !== undefined && m.amountKzt !== undefined && m.amountKzt < f.minAmount) return false;
  return true;
}

/** The transfers of an edge that pass the filters. */
export function membersVisible(members: readonly EdgeMember[], f: MemberFilter): EdgeMember[] {
  return members.filter((m) => memberVisible(m, f));
}

/**
 * An edge's text: "3× · 1 250 000 ₸ · 01.04.24 – 03.04.24" (one transfer: its amount and time). Formatting is the
 * caller's (the current language's money and date formats).
 */
export function edgeLabel(
  members: readonly EdgeMember[],
  money: (n: number) => string,
  time: (ms: number) => string,
): string {
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of members) {
    sum += m.traced ?? m.amountKzt ?? 0;
    if (m.ts !== undefined) {
      lo = Math.min(lo, m.ts);
      hi = Math.max(hi, m.ts);
    }
  }
  const parts: string[] = [];
  if (members.length > 1) parts.push(`${members.length}×`);
  parts.push(money(sum));
  if (lo <= hi) parts.push(lo === hi ? time(lo) : `${time(lo)} – ${time(hi)}`);
  return parts.join(" · ");
}
