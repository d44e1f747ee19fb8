/**
 * Plain-words formatting for reasons: amounts in KZT with spaced thousands, durations, shares, lists of keys.
 */

/** 1250000.4 → "1 250 000 KZT". */
export function kzt(amount: number): string {
  const s = Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${s} KZT`;
}

/** 0.913 → "91%". */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Milliseconds in the largest sensible unit: "35 min", "2 h", "3 days". */
export function duration(ms: number): string {
  const min = ms / 60_000;
  if (min < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}

/** "1 victim" / "3 victims". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first few items, then "and N more". */
export function listSome(items: string[], max = 3): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
