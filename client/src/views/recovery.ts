/**
 * Recovery: the triage (accounts still holding traced money, across complaints: filter, sort, export), the request
 * builder (tick holdings; one request per bank), the requests with their files and statuses (mark sent, import a
 * bank's answer CSV), and per complaint what was frozen and returned. Investigators and admins act; prosecutors read.
 * State in the URL: complaint (one complaint's view), q (filter). `body[data-recovery]` counts finished loads, for
 * tests to wait on.
 */
import { api, type FreezeRequestSummary, type Triage } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtDuration, fmtKzt, fmtTime, replace, table } from "../dom";

type Holding = Triage["holdings"][number];

const SORTS: Record<string, { title: string; compare: (a: Holding, b: Holding) => number }> = {
  amount: { title: "Amount (largest first)", compare: (a, b) => b.amountKzt - a.amountKzt },
  since: { title: "Held since (oldest first)", compare: (a, b) => a.since - b.since },
  movement: {
    title: "Last movement (most recent first)",
    compare: (a, b) => (b.lastMovementAt ?? 0) - (a.lastMovementAt ?? 0),
  },
  complaints: {
    title: "Complaints feeding it",
    compare: (a, b) => b.complaints.length - a.complaints.length,
  },
  lag: {
    title: "Report lag (longest first)",
    compare: (a, b) => (b.maxReportLagMs ?? 0) - (a.maxReportLagMs ?? 0),
  },
  bank: {
    title: "Bank",
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
      if (!ctx.can("recovery")) {
        root.append(el("p", { class: "error" }, "Your role cannot see recovery."));
        return;
      }
      const complaint = params.get("complaint") ?? "";
      const body = el("div", { class: "recovery" });
      root.append(
        el(
          "h1",
          {},
          complaint ? `Recovery: complaint ${complaint}` : "Recovery: where the money can still be frozen",
        ),
        body,
      );
      await load(body, complaint, params.get("q") ?? "");
    },
  };

  async function load(body: HTMLElement, complaint: string, filter: string): Promise<void> {
    replace(body, el("p", { class: "muted" }, "Working out where the money is now…"));
    const [triage, { requests }] = await Promise.all([
      api.triage(complaint ? [complaint] : undefined),
      api.freezeRequests(complaint ? { complaint } : {}),
    ]);
    replace(
      body,
      summary(triage),
      el("h2", {}, "Accounts still holding traced money"),
      holdingsSection(triage, complaint, filter, () => void load(body, complaint, filter)),
      el("h2", {}, `Freeze requests (${requests.length})`),
      requestsSection(requests, () => void load(body, complaint, filter)),
      el("h2", {}, "Complaints"),
      complaintsTable(triage),
    );
    markLoaded();
  }

  function summary(t: Triage): HTMLElement {
    const frozen = t.complaints.reduce((s, c) => s + c.frozenKzt, 0);
    const returned = t.complaints.reduce((s, c) => s + c.returnedKzt, 0);
    const rates = t.currencies.filter((c) => c.currency !== "KZT");
    return el(
      "div",
      {},
      el(
        "section",
        { class: "stats" },
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "recoverable-total" } }, fmtKzt(t.totalHoldingKzt)),
          el("span", {}, `still held in ${t.holdings.length} accounts`),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "frozen-total" } }, fmtKzt(frozen)),
          el("span", {}, "frozen"),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "returned-total" } }, fmtKzt(returned)),
          el("span", {}, "returned to victims"),
        ),
      ),
      el(
        "p",
        { class: "muted" },
        `As of ${fmtTime(t.asOf)} (the end of the data). `,
        rates.length
          ? `Rates: ${rates.map((c) => `1 ${c.currency} = ${c.kztPerUnit.toFixed(2)} ₸ (${c.rateSource === "table" ? "rate table" : "average rate in the data"})`).join("; ")}.`
          : "All amounts are in tenge.",
      ),
    );
  }

  function holdingsSection(
    t: Triage,
    complaint: string,
    initialFilter: string,
    reload: () => void,
  ): HTMLElement {
    const chosen = new Set<string>();
    const filter = el("input", {
      type: "search",
      placeholder: "filter by account, bank or complaint",
      value: initialFilter,
      dataset: { testid: "triage-filter" },
    });
    const sort = el(
      "select",
      { dataset: { testid: "triage-sort" } },
      ...Object.entries(SORTS).map(([k, s]) => el("option", { value: k }, s.title)),
    );
    const tbody = el("tbody");
    const chosenNote = el("span", { class: "muted", dataset: { testid: "chosen" } });
    const build = el(
      "button",
      { dataset: { testid: "build-requests" }, disabled: true },
      "Build freeze requests (one per bank)",
    );
    const others = t.currencies.filter((c) => c.currency !== "KZT");
    const updateChosen = () => {
      const banks = new Set(
        t.holdings.filter((h) => chosen.has(h.account)).map((h) => h.bank ?? "unknown bank"),
      );
      chosenNote.textContent = chosen.size ? `${chosen.size} accounts at ${banks.size} banks chosen` : "";
      build.disabled = chosen.size === 0;
    };
    const rows = () => {
      const q = filter.value.trim().toLowerCase();
      return t.holdings
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
            el("td", { class: "num" }, fmtKzt(h.amountKzt)),
            ...others.map((c) =>
              el("td", { class: "num" }, `${(h.amounts?.[c.currency] ?? 0).toFixed(2)} ${c.currency}`),
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
              latest ? `${latest.status} · ${latest.requestId}` : "not requested",
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
        ctx.toast(`Built ${requests.map((r) => `${r.id} (${r.bank})`).join(", ")}`);
        reload();
      } catch (err) {
        ctx.toast((err as Error).message, "error");
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
        el("label", {}, "Sort ", sort),
        el(
          "a",
          {
            href: `/api/recovery/triage?format=csv${complaint ? `&complaints=${encodeURIComponent(complaint)}` : ""}`,
            dataset: { testid: "triage-csv" },
          },
          "Export CSV",
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
            el("th", {}, "Account"),
            el("th", {}, "Bank"),
            el("th", {}, "Amount"),
            ...others.map((c) => el("th", {}, c.currency)),
            el("th", {}, "Since"),
            el("th", {}, "Last movement"),
            el("th", {}, "Complaints"),
            el("th", {}, "Report lag"),
            el("th", {}, "Freeze"),
          ),
        ),
        tbody,
      ),
    );
  }

  function requestsSection(requests: FreezeRequestSummary[], reload: () => void): HTMLElement {
    if (!requests.length) return el("p", { class: "muted" }, "No freeze request yet.");
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
            ctx.toast(`${r.bank}'s answer to ${r.id} imported`);
            reload();
          } catch (err) {
            ctx.toast((err as Error).message, "error");
          }
        });
        const sent = el("button", { dataset: { testid: "mark-sent" } }, "Mark sent");
        sent.addEventListener("click", async () => {
          try {
            await api.freezeOutcomes(r.id, [{ status: "sent" }]);
            reload();
          } catch (err) {
            ctx.toast((err as Error).message, "error");
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
            `Built by ${r.createdBy} on ${fmtTime(r.createdAt)} for complaints ${r.complaints.join(", ")}. SHA-256 ${r.sha256}`,
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
            canAct ? el("label", {}, "Import the bank's answer (CSV) ", answer) : null,
          ),
          table(
            [
              { title: "Account", value: (s) => s.account },
              { title: "Requested ₸", value: (s) => s.requestedKzt, numeric: true },
              { title: "Status", value: (s) => s.status },
              { title: "Frozen ₸", value: (s) => s.frozenKzt, numeric: true },
              { title: "Returned ₸", value: (s) => s.returnedKzt, numeric: true },
              { title: "Reason / note", value: (s) => s.reason ?? "" },
              { title: "By", value: (s) => s.by },
              { title: "When", value: (s) => fmtTime(s.at) },
            ],
            r.items,
            { testId: `request-items-${r.id}` },
          ),
        );
      }),
    );
  }

  function complaintsTable(t: Triage): HTMLElement {
    return table(
      [
        { title: "Complaint", value: (c) => c.caseNo },
        { title: "Traced ₸", value: (c) => c.tracedKzt, numeric: true },
        { title: "Still held ₸", value: (c) => c.holdingKzt, numeric: true },
        { title: "Recoverable", value: (c) => `${(c.recoverableShare * 100).toFixed(1)}%` },
        { title: "Frozen ₸", value: (c) => c.frozenKzt, numeric: true },
        { title: "Returned ₸", value: (c) => c.returnedKzt, numeric: true },
        {
          title: "Report lag",
          value: (c) => (c.reportLagMs !== undefined ? fmtDuration(c.reportLagMs) : "—"),
        },
      ],
      t.complaints,
      {
        testId: "recovery-complaints",
        onRowClick: (c) => ctx.navigate("/recovery", { complaint: c.caseNo }),
      },
    );
  }
}
