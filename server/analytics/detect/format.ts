/**
 * Plain-words formatting for reasons: amounts with spaced thousands, durations, shares, lists of keys (amounts in the
 * data's own currency: typologies/words.ts moneyIn).
 */

/** 1234567, "USD" → "1 234 567 USD". */
export function money(amount: number, currency: string): string {
  const s = Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${s} ${currency}`;
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

/**
 * Evidence points (unbounded, summed per indicator) → a score from 0 to 100: 100·(1 − e^(−points/72.13)). 50 points
 * give 50 (the default drop threshold maps to itself); more evidence keeps raising the score toward 100 instead of
 * every strong case tying at a cap, so rankings keep their order. One decimal.
 */
export function scoreOf(points: number): number {
  return Math.round(1000 * (1 - Math.exp(-Math.max(0, points) / (50 / Math.LN2)))) / 10;
}
