/**
 * The trace's freeze list: the accounts still holding traced money, with the bank's name and the holder, and a
 * minimum amount below which holdings are left out of the list (and of its CSV). Proportional tracing splits every
 * transfer into shares, so it leaves crumbs of a few tenge on many accounts: its default cut-off is 1 000 ₸; FIFO's
 * is none.
 */
import type { TraceResult } from "../../api";
import { el, fmtKzt, replace, table } from "../../dom";
import { t } from "../../i18n";
import type { GraphNode } from "../../../../model/graph";
import { bankName } from "./holders";

type Entry = TraceResult["freezeList"][number];

export const PROPORTIONAL_MIN_KZT = 1000;

export interface FreezeListOptions {
  holders: Map<string, GraphNode>;
  /** The columns after account, holder and bank (amount, arrival, held for, freeze status). */
  columns: { title: string; value: (f: Entry) => string | number; numeric?: boolean }[];
  onRowClick: (f: Entry) => void;
  /** Told the entries shown whenever the cut-off changes (the CSV and the graph's ❄ marks follow it). */
  onChange?: (shown: Entry[]) => void;
}

/** Entries at or above the cut-off. */
export function aboveCutoff(list: readonly Entry[], minKzt: number): Entry[] {
  return list.filter((f) => f.amountKzt >= minKzt);
}

/** The cut-off input, the note on what it leaves out, and the table. */
export function freezeList(r: TraceResult, opts: FreezeListOptions): HTMLElement {
  const initial = r.params.method === "proportional" ? PROPORTIONAL_MIN_KZT : 0;
  const input = el("input", {
    type: "number",
    min: "0",
    step: "100",
    value: initial ? String(initial) : "",
    placeholder: "0",
    dataset: { testid: "freeze-min" },
  });
  const note = el("p", { class: "muted", dataset: { testid: "freeze-hidden" } });
  const holder = el("div");
  const draw = () => {
    const min = Number(input.value) || 0;
    const shown = aboveCutoff(r.freezeList, min);
    const hidden = r.freezeList.length - shown.length;
    const hiddenKzt = r.freezeList.reduce((s, f) => s + (f.amountKzt < min ? f.amountKzt : 0), 0);
    note.textContent = hidden ? t("trace.freezeHidden", { count: hidden, amount: fmtKzt(hiddenKzt) }) : "";
    replace(
      holder,
      table(
        [
          { title: t("col.account"), value: (f) => f.account },
          // Holders' and banks' names are data (Kaspi Bank), not words to translate.
          {
            title: t("trace.holder"),
            value: (f) => opts.holders.get(f.account)?.label ?? "",
            translate: false,
          },
          { title: t("col.bank"), value: (f) => bankName(f.bank), translate: false },
          ...opts.columns,
        ],
        shown,
        { testId: "freeze-list", onRowClick: opts.onRowClick },
      ),
    );
    opts.onChange?.(shown);
  };
  input.addEventListener("input", draw);
  draw();
  return el(
    "div",
    { class: "freeze-section" },
    el("label", {}, `${t("trace.freezeMin")} `, input, " ₸"),
    note,
    holder,
  );
}
