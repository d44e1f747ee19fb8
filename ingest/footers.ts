/**
 * Totals, turnover and balance lines at the end (or between the pages) of statements and registers: "Итого",
 * "Всего", "Обороты", "Сальдо", "Входящий/Исходящий остаток", "Барлығы", "Total", "Opening/Closing balance".
 * They are not transfers, so the pipeline counts them as footers instead of rejecting them as broken rows.
 */

/** First words of a summary line (case-insensitive, after `ё`→`е`). */
const SUMMARY = new RegExp(
  "^(?:" +
    // Russian and Kazakh stems (inflected: итого, итоги; оборот, обороты; остаток, остатки)
    "(итог|всего|оборот|сальдо|остат|входящ|исходящ|начальн|конечн|барлығы|жиыны|айналым|бастапқы қалдық|" +
    "соңғы қалдық|қалдық)\\p{L}*" +
    "|" +
    // English words, whole
    "(totals?|sub-?total|turnover|closing balance|opening balance|balance brought forward|balance carried forward|" +
    "brought forward|carried forward)(?!\\p{L})" +
    ")",
  "iu",
);
/** `входящий`/`исходящий` and the like only start a summary when a balance word follows. */
const NEEDS_BALANCE = /^(входящ|исходящ|начальн|конечн)/i;
const BALANCE = /(остат|сальдо)/i;

/**
 * Is this row a summary line? Looks at the first non-empty cell, and only when the timestamp cell (`tsIdx`, -1 when
 * unknown) is empty or does not start with a digit: a dated row is a transaction whatever its text says.
 */
export function isFooterRow(row: string[], tsIdx: number): boolean {
  // Hot path: called for every row, so no allocation before the answer is known to be "no".
  if (tsIdx >= 0 && tsIdx < row.length) {
    const ts = row[tsIdx]!;
    let k = 0;
    while (k < ts.length && ts.charCodeAt(k) <= 32) k++;
    const c0 = ts.charCodeAt(k);
    if (c0 >= 48 && c0 <= 57) return false;
  }
  for (const c of row) {
    const t = c.trim().toLowerCase().replace(/ё/g, "е");
    if (t === "") continue;
    if (!SUMMARY.test(t)) return false;
    return !NEEDS_BALANCE.test(t) || BALANCE.test(t);
  }
  return false;
}
