/**
 * How reports print numbers, money, times and durations. Money as Kazakh bank exports print it (space-grouped
 * thousands, decimal comma), times in Asia/Almaty with the zone named, so a printed report reads the same anywhere.
 */
import { localFields } from "../../model/time.js";

/** 1234567.891 → "1 234 567,89" (two decimals, ASCII spaces between thousands). */
export function formatAmount(value: number): string {
  const sign = value < 0 ? "-" : "";
  const [whole, cents] = Math.abs(value).toFixed(2).split(".") as [string, string];
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${cents}`;
}

/** An amount in tenge: "1 234 567,89 KZT". */
export function formatKzt(value: number): string {
  return `${formatAmount(value)} KZT`;
}

/** Epoch ms → "2024-05-02 15:00:00" in Asia/Almaty. */
export function formatAlmaty(ms: number): string {
  const f = localFields(ms, "Asia/Almaty");
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${f.year}-${p2(f.month)}-${p2(f.day)} ${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}`;
}

/** Epoch ms → "2024-05-02 15:00:00 Asia/Almaty (2024-05-02T09:00:00.000Z)". */
export function formatTimestamp(ms: number): string {
  return `${formatAlmaty(ms)} Asia/Almaty (${new Date(ms).toISOString()})`;
}

/** Milliseconds → "3 d 4 h", "2 h 5 min", "40 min", "12 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** A parameter value as one line of text (objects as compact JSON). */
export function formatParam(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
