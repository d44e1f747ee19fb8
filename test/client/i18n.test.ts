/**
 * The client's message catalogues (client/src/i18n): every key in every language with the same placeholders and
 * plural forms, Kazakh that is Kazakh and not Russian copied, plural rules per language, Intl formatting, and error
 * codes turned into messages without module prefixes or command-line advice.
 */
import { afterEach, describe, expect, it } from "vitest";
import { errorMessage, serverDetail } from "../../client/src/i18n/errors.js";
import {
  CATALOGUES,
  formatDuration,
  formatMoney,
  formatNumber,
  LANGS,
  setLang,
  t,
  type Lang,
  type Message,
} from "../../client/src/i18n/index.js";
import { ru } from "../../client/src/i18n/ru.js";
import { UNTRACED_REASONS } from "../../server/analytics/trace/types.js";

const KEYS = Object.keys(ru).sort();

function texts(m: Message): string[] {
  return typeof m === "string" ? [m] : Object.values(m).filter((v): v is string => typeof v === "string");
}

function placeholders(m: Message): string[] {
  return [...new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();
}

afterEach(() => setLang("ru"));

describe("client message catalogues", () => {
  it.each(LANGS)("%s has exactly the Russian catalogue's keys", (lang) => {
    expect(Object.keys(CATALOGUES[lang]).sort()).toEqual(KEYS);
  });

  it.each(LANGS)("%s has no empty message", (lang) => {
    const empty = KEYS.filter((k) =>
      texts(CATALOGUES[lang][k as keyof typeof ru]).some((s) => s.trim() === ""),
    );
    expect(empty).toEqual([]);
  });

  it.each(["kk", "en"] as Lang[])("%s uses the same placeholders as Russian in every message", (lang) => {
    const differ = KEYS.filter((k) => {
      const key = k as keyof typeof ru;
      return placeholders(CATALOGUES[lang][key]).join() !== placeholders(ru[key]).join();
    });
    expect(differ).toEqual([]);
  });

  it.each(["kk", "en"] as Lang[])("%s has plural forms wherever Russian has them", (lang) => {
    const differ = KEYS.filter((k) => {
      const key = k as keyof typeof ru;
      return typeof ru[key] !== typeof CATALOGUES[lang][key];
    });
    expect(differ).toEqual([]);
  });

  it("gives Russian plural messages the one, few and many forms its plural rules select", () => {
    const missing = KEYS.filter((k) => {
      const m = ru[k as keyof typeof ru];
      return typeof m !== "string" && !(m.one && m.other && ("few" in m ? m.many : true));
    });
    expect(missing).toEqual([]);
  });

  it("has Kazakh written in Kazakh: most messages differ from Russian and use Kazakh letters", () => {
    const words = KEYS.filter((k) => /[а-яё]{3}/i.test(texts(ru[k as keyof typeof ru]).join(" ")));
    const copied = words.filter(
      (k) => texts(CATALOGUES.kk[k as keyof typeof ru]).join() === texts(ru[k as keyof typeof ru]).join(),
    );
    // Same-looking words exist in both languages (IBAN, "прокурор"); whole copied catalogues do not pass.
    expect(copied.length / words.length).toBeLessThan(0.1);
    const kazakhLetters = words.filter((k) =>
      /[әғқңөұүһі]/i.test(texts(CATALOGUES.kk[k as keyof typeof ru]).join(" ")),
    );
    expect(kazakhLetters.length / words.length).toBeGreaterThan(0.5);
  });

  it("says in every language why each kind of untraced money was not followed (the trace's codes)", () => {
    for (const code of Object.keys(UNTRACED_REASONS))
      for (const l of LANGS)
        expect(CATALOGUES[l], `${l} untraced.${code}`).toHaveProperty([`untraced.${code}`]);
    expect(CATALOGUES.en["untraced.window_end" as keyof typeof ru]).toBe(UNTRACED_REASONS.window_end);
  });
});

describe("t and the Intl formatting", () => {
  it("chooses the Russian plural form by the count (1 день, 3 дня, 5 дней)", () => {
    setLang("ru");
    expect(t("unit.days", { count: 1 })).toBe("1 день");
    expect(t("unit.days", { count: 3 })).toBe("3 дня");
    expect(t("unit.days", { count: 5 })).toBe("5 дней");
    expect(t("unit.days", { count: 21 })).toBe("21 день");
  });

  it("chooses the English plural form by the count and formats the number in the placeholder", () => {
    setLang("en");
    expect(t("unit.days", { count: 1 })).toBe("1 day");
    expect(t("unit.days", { count: 1234 })).toBe("1,234 days");
  });

  it("switches every message with the language", () => {
    setLang("kk");
    expect(t("nav.upload")).toBe("Жүктеу");
    setLang("en");
    expect(t("nav.upload")).toBe("Upload");
    setLang("ru");
    expect(t("nav.upload")).toBe("Загрузка");
  });

  it("formats numbers and tenge for the language", () => {
    setLang("ru");
    expect(formatNumber(1234567.5).replace(/\s/g, " ")).toBe("1 234 567,5");
    expect(formatMoney(1234.5).replace(/\s/g, " ")).toBe("1 234,50 ₸");
    setLang("en");
    expect(formatMoney(1234.5)).toBe("₸1,234.50");
    expect(formatMoney(10, "XYZW")).toBe("10.00 XYZW");
  });

  it("says a duration in the largest unit that reads well", () => {
    setLang("ru");
    expect(formatDuration(30 * 60_000)).toBe("30 мин");
    expect(formatDuration(5 * 3_600_000)).toBe("5 ч");
    expect(formatDuration(5 * 86_400_000)).toBe("5 дней");
  });
});

describe("error messages for a browser user", () => {
  const apiError = (status: number, code: string, message: string) =>
    Object.assign(new Error(message), { status, code });

  it("drops module prefixes from the server's text", () => {
    expect(serverDetail('api/users: user "x" already exists')).toBe('user "x" already exists');
    expect(serverDetail("api: ingest/statement: line 3: bad amount")).toBe("line 3: bad amount");
    expect(serverDetail("api: POST /api/users: body.password: too short")).toBe("body.password: too short");
  });

  it("drops advice that names a command-line flag", () => {
    expect(serverDetail("api/trace: no complaints loaded. Run ingest with --complaints first.")).toBe(
      "no complaints loaded.",
    );
  });

  it("turns a wrong login into the translated message, with no api/auth prefix", () => {
    setLang("ru");
    const m = errorMessage(apiError(401, "login_failed", "api/auth: wrong username or password"));
    expect(m).toBe("Неверное имя пользователя или пароль.");
  });

  it("keeps the server's specifics for a validation error, in the translated sentence", () => {
    setLang("kk");
    const m = errorMessage(apiError(400, "validation_failed", "api: body.role: invalid enum value"));
    expect(m).toBe("Енгізілген деректерді тексеріңіз: body.role: invalid enum value");
  });

  it("says what to do for a code it does not know, naming the status", () => {
    setLang("en");
    expect(errorMessage(apiError(418, "teapot", "api: short and stout"))).toBe(
      "Could not do this (418). Reload the page and try again.",
    );
  });
});
