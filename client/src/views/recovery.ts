/**
 * Recovery: the triage (accounts still holding traced money, across complaints: filter, sort, export), the request
 * builder (tick holdings; one request per bank), the requests with their files and statuses (mark sent, import a
 * bank's answer CSV), and per complaint what was frozen and returned. Investigators and admins act; prosecutors read.
 * State in the URL: complaint (one complaint's view), q (filter). `body[data-recovery]` counts finished loads, for
 * tests to wait on.
 */
import { api, type FreezeRequestSummary, type Triage } from "../api";
import type { AppContext, View } from "../app";
import { append, el, fmtDuration, fmtKzt, fmtTime, replace, table } from "../dom";
import { errorMessage } from "../i18n/errors";
import { formatNumber, t, type MessageKey } from "../i18n/index";
import { freezeStatusLabel } from "../i18n/labels";

type Holding = Triage["holdings"][number];

const SORTS: Record<string, { title: MessageKey; compare: (a: Holding, b: Holding) => number }> = {
  amount: { title: "recovery.sortAmount", compare: (a, b) => b.amountKzt - a.amountKzt },
  since: { title: "recovery.sortSince", compare: (a, b) => a.since - b.since },
  movement: {
    title: "recovery.sortMovement",
    compare: (a, b) => (b.lastMovementAt ?? 0) - (a.lastMovementAt ?? 0),
  },
  complaints: {
    title: "recovery.sortComplaints",
    compare: (a, b) => b.complaints.length - a.complaints.length,
  },
  lag: {
    title: "recovery.sortLag",
    compare: (a, b) => (b.maxReportLagMs ?? 0) - (a.maxReportLagMs ?? 0),
  },
  bank: {
    title: "recovery.sortBank",
    compare: (a, b) => (a.bank ?? "").localeCompare(b.bank ?? "") || b.amountKzt - a.amountKzt,
  },
};

let loads = 0;
function markLoaded(): void {
  document.body.dataset.recovery = String(++loads);
}

export function view(ctx: AppContext): View {
  const canAct = ctx.can("freeze");
  return {
    async render(root, params) {
      const complaint = params.get("complaint") ?? "";
      const body = el("div", { class: "recovery" });
      append(
        root,
        el("h1", {}, complaint ? t("recovery.titleOne", { id: complaint }) : t("recovery.title")),
        canAct ? null : el("p", { class: "muted", dataset: { testid: "read-only" } }, t("recovery.readOnly")),
        body,
      );
      await load(body, complaint, params.get("q") ?? "");
    },
  };

  async function load(body: HTMLElement, complaint: string, filter: string): Promise<void> {
    replace(body, el("p", { class: "muted" }, t("recovery.working")));
    const [triage, { requests }] = await Promise.all([
      api.triage(complaint ? [complaint] : undefined),
      api.freezeRequests(complaint ? { complaint } : {}),
    ]);
    replace(
      body,
      summary(triage),
      el("h2", {}, t("recovery.holdings")),
      holdingsSection(triage, complaint, filter, () => void load(body, complaint, filter)),
      el("h2", {}, t("recovery.requests", { count: requests.length })),
      requestsSection(requests, () => void load(body, complaint, filter)),
      el("h2", {}, t("recovery.complaints")),
      complaintsTable(triage),
    );
    markLoaded();
  }

  function summary(tr: Triage): HTMLElement {
    const frozen = tr.complaints.reduce((s, c) => s + c.frozenKzt, 0);
    const returned = tr.complaints.reduce((s, c) => s + c.returnedKzt, 0);
    const rates = tr.currencies.filter((c) => c.currency !== "KZT");
    return el(
      "div",
      {},
      el(
        "section",
        { class: "stats" },
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "recoverable-total" } }, fmtKzt(tr.totalHoldingKzt)),
          el("span", {}, t("recovery.stillHeldIn", { count: tr.holdings.length })),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "frozen-total" } }, fmtKzt(frozen)),
          el("span", {}, t("recovery.frozen")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "returned-total" } }, fmtKzt(returned)),
          el("span", {}, t("recovery.returned")),
        ),
      ),
      el(
        "p",
        { class: "muted" },
        t("recovery.asOf", { at: fmtTime(tr.asOf) }),
        rates.length
          ? t("recovery.rates", {
              list: rates
                .map(
                  (c) =>
                    `1 ${c.currency} = ${fmtKzt(c.kztPerUnit)} (${c.rateSource === "table" ? t("recovery.rateTable") : t("recovery.rateAverage")})`,
                )
                .join("; "),
            })
          : t("recovery.allKzt"),
      ),
    );
  }

  function holdingsSection(
    tr: Triage,
    complaint: string,
    initialFilter: string,
    reload: () => void,
  ): HTMLElement {
    const chosen = new Set<string>();
    const filter = el("input", {
      type: "search",
      placeholder: t("recovery.filter"),
      value: initialFilter,
      dataset: { testid: "triage-filter" },
    });
    const sort = el(
      "select",
      { dataset: { testid: "triage-sort" } },
      ...Object.entries(SORTS).map(([k, s]) => el("option", { value: k }, t(s.title))),
    );
    const tbody = el("tbody");
    const chosenNote = el("span", { class: "muted", dataset: { testid: "chosen" } });
    const build = el(
      "button",
      { dataset: { testid: "build-requests" }, disabled: true },
      t("recovery.build"),
    );
    const others = tr.currencies.filter((c) => c.currency !== "KZT");
    const updateChosen = () => {
      const banks = new Set(
        tr.holdings.filter((h) => chosen.has(h.account)).map((h) => h.bank ?? t("common.unknownBank")),
      );
      chosenNote.textContent = chosen.size
        ? t("recovery.chosen", { count: chosen.size, banks: banks.size })
        : "";
      build.disabled = chosen.size === 0;
    };
    const rows = () => {
      const q = filter.value.trim().toLowerCase();
      return tr.holdings
        .filter(
          (h) =>
            !q ||
            h.account.toLowerCase().includes(q) ||
            (h.bank ?? "").toLowerCase().includes(q) ||
            h.complaints.some((c) => c.caseNo.toLowerCase().includes(q)),
        )
        .sort(SORTS[sort.value]!.compare);
    };
    const render = () => {
      ctx.setParams({ q: filter.value.trim() || undefined });
      tbody.replaceChildren(
        ...rows().map((h) => {
          const box = el("input", { type: "checkbox", checked: chosen.has(h.account), disabled: !canAct });
          box.dataset.account = h.account;
          box.addEventListener("change", () => {
            if (box.checked) chosen.add(h.account);
            else chosen.delete(h.account);
            updateChosen();
          });
          const latest = h.freezes[0];
          return el(
            "tr",
            { dataset: { account: h.account } },
            el("td", {}, box),
            el("td", {}, h.account),
            el("td", {}, h.bank ?? "—"),
            // The money in the account, counted once; the complaints' amounts add up to more where they overlap.
            el(
              "td",
              {
                class: "num",
                ...(h.overlapKzt > 0
                  ? {
                      title: t("recovery.overlap", { claimed: fmtKzt(h.amountKzt), held: fmtKzt(h.heldKzt) }),
                      dataset: { overlap: "true" },
                    }
                  : {}),
              },
              fmtKzt(h.heldKzt),
              ...(h.overlapKzt > 0
                ? [
                    el(
                      "div",
                      { class: "muted" },
                      t("recovery.overlapShort", { claimed: fmtKzt(h.amountKzt) }),
                    ),
                  ]
                : []),
            ),
            ...others.map((c) =>
              el(
                "td",
                { class: "num" },
                `${formatNumber(h.amounts?.[c.currency] ?? 0, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${c.currency}`,
              ),
            ),
            el("td", {}, fmtTime(h.since)),
            el("td", {}, fmtTime(h.lastMovementAt)),
            el(
              "td",
              {
                class: "num",
                title: h.complaints.map((c) => `${c.caseNo}: ${fmtKzt(c.amountKzt)}`).join("\n"),
              },
              h.complaints.length,
            ),
            el("td", {}, h.maxReportLagMs !== undefined ? fmtDuration(h.maxReportLagMs) : "—"),
            el(
              "td",
              { dataset: { testid: "holding-status" } },
              latest ? `${freezeStatusLabel(latest.status)} · ${latest.requestId}` : t("freeze.notRequested"),
            ),
          );
        }),
      );
    };
    filter.addEventListener("input", render);
    sort.addEventListener("change", render);
    build.addEventListener("click", async () => {
      build.disabled = true;
      try {
        const { requests } = await api.buildFreezeRequests([...chosen], complaint ? [complaint] : undefined);
        ctx.toast(t("recovery.built", { list: requests.map((r) => `${r.id} (${r.bank})`).join(", ") }));
        reload();
      } catch (err) {
        ctx.toast(errorMessage(err), "error");
        build.disabled = false;
      }
    });
    render();
    return el(
      "div",
      {},
      el(
        "div",
        { class: "toolbar" },
        filter,
        el("label", {}, t("recovery.sort"), sort),
        el(
          "a",
          {
            href: `/api/recovery/triage?format=csv${complaint ? `&complaints=${encodeURIComponent(complaint)}` : ""}`,
            dataset: { testid: "triage-csv" },
          },
          t("recovery.exportCsv"),
        ),
        canAct ? build : null,
        chosenNote,
      ),
      el(
        "table",
        { class: "data", dataset: { testid: "triage" } },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("th", {}, ""),
            el("th", {}, t("col.account")),
            el("th", {}, t("col.bank")),
            el("th", {}, t("col.amount")),
            ...others.map((c) => el("th", {}, c.currency)),
            el("th", {}, t("recovery.since")),
            el("th", {}, t("recovery.lastMovement")),
            el("th", {}, t("col.complaints")),
            el("th", {}, t("recovery.reportLag")),
            el("th", {}, t("recovery.freeze")),
          ),
        ),
        tbody,
      ),
    );
  }

  function requestsSection(requests: FreezeRequestSummary[], reload: () => void): HTMLElement {
    if (!requests.length) return el("p", { class: "muted" }, t("recovery.noRequests"));
    return el(
      "div",
      { dataset: { testid: "requests" } },
      ...requests.map((r) => {
        const answer = el("input", {
          type: "file",
          accept: ".csv,text/csv",
          dataset: { testid: "answer-file" },
        });
        answer.addEventListener("change", async () => {
          const file = answer.files?.[0];
          if (!file) return;
          try {
            await api.bankAnswer(r.id, await file.text());
            ctx.toast(t("recovery.answerImported", { bank: r.bank, id: r.id }));
            reload();
          } catch (err) {
            ctx.toast(errorMessage(err), "error");
          }
        });
        const sent = el("button", { dataset: { testid: "mark-sent" } }, t("recovery.markSent"));
        sent.addEventListener("click", async () => {
          try {
            await api.freezeOutcomes(r.id, [{ status: "sent" }]);
            reload();
          } catch (err) {
            ctx.toast(errorMessage(err), "error");
          }
        });
        const drafted = r.items.some((s) => s.status === "drafted");
        return el(
          "section",
          { class: "freeze-request", dataset: { request: r.id, bank: r.bank } },
          el("h3", {}, `${r.id} · ${r.bank} · ${fmtKzt(r.totalKzt)}`),
          el(
            "p",
            { class: "muted" },
            t("recovery.builtBy", {
              by: r.createdBy,
              at: fmtTime(r.createdAt),
              complaints: r.complaints.join(", "),
              sha: r.sha256,
            }),
          ),
          el(
            "div",
            { class: "toolbar" },
            ...r.files.map((f) => {
              const a = el(
                "a",
                { href: api.freezeFileUrl(r.id, f.name), title: `SHA-256 ${f.sha256}` },
                f.name,
              );
              a.download = f.name;
              a.dataset.file = f.name;
              return a;
            }),
            canAct && drafted ? sent : null,
            canAct ? el("label", {}, t("recovery.importAnswer"), answer) : null,
          ),
          table(
            [
              { title: t("col.account"), value: (s) => s.account },
              { title: t("recovery.requested"), value: (s) => s.requestedKzt, numeric: true },
              { title: t("col.status"), value: (s) => freezeStatusLabel(s.status) },
              { title: t("recovery.frozenKzt"), value: (s) => s.frozenKzt, numeric: true },
              { title: t("recovery.returnedKzt"), value: (s) => s.returnedKzt, numeric: true },
              { title: t("recovery.reasonNote"), value: (s) => s.reason ?? "" },
              { title: t("col.by"), value: (s) => s.by },
              { title: t("col.when"), value: (s) => fmtTime(s.at) },
            ],
            r.items,
            { testId: `request-items-${r.id}` },
          ),
        );
      }),
    );
  }

  function complaintsTable(tr: Triage): HTMLElement {
    return table(
      [
        { title: t("col.complaint"), value: (c) => c.caseNo },
        { title: t("recovery.tracedKzt"), value: (c) => c.tracedKzt, numeric: true },
        { title: t("recovery.stillHeldKzt"), value: (c) => c.holdingKzt, numeric: true },
        {
          title: t("recovery.recoverable"),
          value: (c) => formatNumber(c.recoverableShare, { style: "percent", maximumFractionDigits: 1 }),
        },
        { title: t("recovery.frozenKzt"), value: (c) => c.frozenKzt, numeric: true },
        { title: t("recovery.returnedKzt"), value: (c) => c.returnedKzt, numeric: true },
        {
          title: t("recovery.reportLag"),
          value: (c) => (c.reportLagMs !== undefined ? fmtDuration(c.reportLagMs) : "—"),
        },
      ],
      tr.complaints,
      {
        testId: "recovery-complaints",
        onRowClick: (c) => ctx.navigate("/recovery", { complaint: c.caseNo }),
      },
    );
  }
}
