/**
 * The one way the client builds DOM: elements with properties and text children.
 * User data only ever becomes a Text node (never HTML), so a name like `<img onerror=…>` shows as text.
 */
import { formatDate, formatDuration, formatMoney, formatNumber, lang, locale } from "./i18n/index";
import { localizeReason } from "./i18n/reasons";
import { localizeReject } from "./i18n/rejects";

type Child = Node | string | number | null | undefined | false;
type Props = {
  class?: string;
  title?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  href?: string;
  disabled?: boolean;
  checked?: boolean;
  name?: string;
  min?: string;
  max?: string;
  step?: string;
  for?: string;
  id?: string;
  accept?: string;
  multiple?: boolean;
  /** "en" on server-written English text (detection's reasons, checks' messages) the client does not translate. */
  lang?: string;
  /** false on machine identifiers (audit actions, parameter names) shown as recorded. */
  translate?: boolean;
  "aria-expanded"?: string;
  "aria-label"?: string;
  dataset?: Record<string, string>;
  style?: Partial<CSSStyleDeclaration>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;
};

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === "class") node.className = value as string;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style") Object.assign(node.style, value);
    else if (key === "on") {
      for (const [event, handler] of Object.entries(value as Record<string, EventListener>)) {
        node.addEventListener(event, handler);
      }
    } else if (key === "for") node.setAttribute("for", value as string);
    else if (typeof value === "boolean") (node as unknown as Record<string, boolean>)[key] = value;
    else node.setAttribute(key, String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/**
 * Detection's reasons in the current language (client/src/i18n/reasons.ts), one element each; a reason the catalogue
 * does not know stays as the server wrote it, marked lang="en".
 */
export function reasonElements<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  reasons: readonly string[],
): HTMLElementTagNameMap[K][] {
  const current = lang();
  return reasons.map((r) => {
    const shown = localizeReason(r, current);
    return el(tag, { lang: shown.lang === current ? undefined : shown.lang }, shown.text);
  });
}

/** Reasons on one line ("; " between them), each in its language (see reasonElements). */
export function reasonLine(reasons: readonly string[]): HTMLSpanElement {
  const line = el("span");
  reasonElements("span", reasons).forEach((r, i) => append(line, i ? "; " : null, r));
  return line;
}

/** Reasons as one text for a table cell; its lang is "en" when any of them stayed English. */
export function reasonText(reasons: readonly string[]): { text: string; lang: string | undefined } {
  const current = lang();
  const shown = reasons.map((r) => localizeReason(r, current));
  return {
    text: shown.map((r) => r.text).join("; "),
    lang: shown.some((r) => r.lang !== current) ? "en" : undefined,
  };
}

/** An ingest reject reason in the current language (client/src/i18n/rejects.ts); lang "en" when it stayed English. */
export function rejectText(reason: string): { text: string; lang: string | undefined } {
  const current = lang();
  const shown = localizeReject(reason, current);
  return { text: shown.text, lang: shown.lang === current ? undefined : shown.lang };
}

/** Replace all children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Tenge in the current language's format (client/src/i18n). */
export function fmtKzt(n: number): string {
  return formatMoney(n, "KZT");
}

/** A moment as Almaty date and time in the current language; "—" when unknown. */
export function fmtTime(ms: number | null | undefined): string {
  return formatDate(ms, { dateStyle: "short", timeStyle: "medium" });
}

export function fmtDuration(ms: number): string {
  return formatDuration(ms);
}

/** A table from rows; every cell is text. Clicking a header sorts by that column. */
export function table<T>(
  columns: {
    title: string;
    value: (row: T) => string | number;
    numeric?: boolean;
    /** "en" for a column of server-written English text the client does not translate; per row where it varies. */
    lang?: string | ((row: T) => string | undefined);
    /** false for a column of names (banks, holders) that are data, not words to translate. */
    translate?: boolean;
  }[],
  rows: T[],
  opts: { onRowClick?: (row: T) => void; testId?: string } = {},
): HTMLTableElement {
  let sortCol = -1;
  let asc = true;
  const tbody = el("tbody");
  const render = () => {
    const sorted =
      sortCol < 0
        ? rows
        : [...rows].sort(
            (a, b) => compare(columns[sortCol]!.value(a), columns[sortCol]!.value(b)) * (asc ? 1 : -1),
          );
    tbody.replaceChildren(
      ...sorted.map((row) =>
        el(
          "tr",
          {
            class: opts.onRowClick ? "clickable" : undefined,
            on: opts.onRowClick ? { click: () => opts.onRowClick!(row) } : {},
          },
          ...columns.map((c) => {
            const v = c.value(row);
            return el(
              "td",
              {
                class: c.numeric ? "num" : undefined,
                lang: typeof c.lang === "function" ? c.lang(row) : c.lang,
                translate: c.translate,
              },
              typeof v === "number" && c.numeric ? formatNumber(v) : v,
            );
          }),
        ),
      ),
    );
  };
  const thead = el(
    "thead",
    {},
    el(
      "tr",
      {},
      ...columns.map((c, i) =>
        el(
          "th",
          {
            class: "sortable",
            on: {
              click: () => {
                asc = sortCol === i ? !asc : true;
                sortCol = i;
                render();
              },
            },
          },
          c.title,
        ),
      ),
    ),
  );
  render();
  return el("table", { class: "data", dataset: opts.testId ? { testid: opts.testId } : {} }, thead, tbody);
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), locale());
}

/** Offer text as a file download. */
export function download(name: string, content: BlobPart, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el("a", { href: url });
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
