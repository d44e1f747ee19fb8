/**
 * The client's languages: Russian (default), Kazakh and English. `t(key, params)` looks a message up in the current
 * language's catalogue; dates, numbers and money are formatted by Intl for the same language. The choice is kept in
 * localStorage and set on `<html lang>`; switching reloads the page so every view renders in the new language.
 */
import { en } from "./en.js";
import { kk } from "./kk.js";
import { ru, type MessageKey } from "./ru.js";
import type { Catalogue, Lang, Message } from "./types.js";

export type { Lang, Message, MessageKey };

export const LANGS: readonly Lang[] = ["ru", "kk", "en"];
export const DEFAULT_LANG: Lang = "ru";

/** Each language named in itself, for the switch. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { ru: "Русский", kk: "Қазақша", en: "English" };

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, Message>>>> = { ru, kk, en };

/** BCP 47 locale Intl formats with; Kazakhstan's for ru and kk (₸, DD.MM.YYYY). */
const LOCALES: Readonly<Record<Lang, string>> = { ru: "ru-RU", kk: "kk-KZ", en: "en-GB" };

/** Every date the client shows is Almaty time, whatever the browser's zone, so screens and exports agree. */
export const TIME_ZONE = "Asia/Almaty";

const STORAGE_KEY = "mulegraph.lang";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** The browser globals this module uses, typed here so the module also loads in Node (the unit tests). */
const host = globalThis as {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  document?: { documentElement: { lang: string } };
};

function storage(): NonNullable<typeof host.localStorage> | null {
  try {
    return host.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

let current: Lang = (() => {
  const stored = storage()?.getItem(STORAGE_KEY);
  return isLang(stored) ? stored : DEFAULT_LANG;
})();

/** The current language. */
export function lang(): Lang {
  return current;
}

/** The Intl locale of the current language. */
export function locale(): string {
  return LOCALES[current];
}

/** Set `<html lang>` to the current language (the app calls this once at start). */
export function applyLang(): void {
  if (host.document) host.document.documentElement.lang = current;
}

/** Switch language and remember the choice; the caller re-renders (the app reloads the page). */
export function setLang(next: Lang): void {
  current = next;
  storage()?.setItem(STORAGE_KEY, next);
  applyLang();
}

export type Params = Readonly<Record<string, string | number>>;

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralRulesOf(loc: string): Intl.PluralRules {
  let rules = pluralRules.get(loc);
  if (!rules) pluralRules.set(loc, (rules = new Intl.PluralRules(loc)));
  return rules;
}

function pluralCategory(count: number): Intl.LDMLPluralRule {
  return pluralRulesOf(locale()).select(count);
}

/** The Intl locale of a language. */
export function localeOf(l: Lang): string {
  return LOCALES[l];
}

/**
 * A noun's form after `count`: `forms` are one / few / many (Russian), or a single form (Kazakh, whose nouns do not
 * change after a number).
 */
export function nounForm(l: Lang, count: number, forms: readonly string[]): string {
  if (forms.length < 3) return forms[0] ?? "";
  const category = pluralRulesOf(localeOf(l)).select(count);
  return (category === "one" ? forms[0] : category === "few" ? forms[1] : forms[2]) ?? "";
}

/** Pick a message's text for `params.count` when it has plural forms. */
export function pick(message: Message, count: number | undefined): string {
  if (typeof message === "string") return message;
  if (count === undefined) return message.other;
  const category = pluralCategory(count);
  return (category === "zero" || category === "two" ? undefined : message[category]) ?? message.other;
}

/** Fill `{name}` placeholders; numbers are formatted for the language. */
export function interpolate(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(v) : v;
  });
}

/** The message `key` in the current language, plural form chosen by `params.count`, placeholders filled. */
export function t(key: MessageKey, params?: Params): string {
  const catalogue: Catalogue = CATALOGUES[current];
  const message = catalogue[key] ?? (ru as Catalogue)[key];
  // Only a build that skipped the type check can ask for a key no catalogue has: show the key, not a crash.
  if (message === undefined) return key;
  const count = params?.count;
  return interpolate(pick(message, typeof count === "number" ? count : undefined), params);
}

/** Whether `key` names a message (for codes that come from the server: error codes, statuses). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ru, key);
}

/** A number in the language's digits and separators. */
export function formatNumber(
  n: number,
  opts: Intl.NumberFormatOptions = { maximumFractionDigits: 2 },
): string {
  return n.toLocaleString(locale(), opts);
}

/** An amount with its currency's symbol (₸ for KZT), two decimals. */
export function formatMoney(amount: number, currency = "KZT"): string {
  try {
    return new Intl.NumberFormat(locale(), {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    // a code Intl does not know (a wallet's token): the number and the code as given
    return `${formatNumber(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
  }
}

/** A moment (epoch ms) as date and time in Almaty; "—" when unknown. */
export function formatDate(
  ms: number | null | undefined,
  opts: Intl.DateTimeFormatOptions = { dateStyle: "short", timeStyle: "short" },
): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return new Date(ms).toLocaleString(locale(), { timeZone: TIME_ZONE, ...opts });
}

/** A day (epoch ms) without the time. */
export function formatDay(ms: number | null | undefined): string {
  return formatDate(ms, { dateStyle: "medium" });
}

/** A span of time in the largest unit that reads well: "35 мин", "4,5 ч", "3,2 дня". */
export function formatDuration(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return t("unit.minutes", { count: Math.round(ms / 60_000) });
  if (h < 48) return t("unit.hours", { count: Number(h.toFixed(1)) });
  return t("unit.days", { count: Number((h / 24).toFixed(1)) });
}
