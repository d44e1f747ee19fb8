/**
 * Trace a complaint's money: the flow graph with traced amounts, exits highlighted, a money-flow (Sankey-style)
 * picture from the victim through the hops to exits and holdings, the freeze list with where each freeze stands
 * (copy / download), and a timeline of the money's movement. State in the URL: complaint, method.
 */
import { api, type TraceResult } from "../api";
import type { AppContext, View } from "../app";
import { download, el, fmtDuration, fmtKzt, fmtTime, replace, table } from "../dom";
import { errorMessage } from "../i18n/errors";
import { hasKey, t } from "../i18n/index";
import { freezeStatusLabel } from "../i18n/labels";
import type { GraphNode, Subgraph } from "../../../model/graph";
import { ct } from "./casework-text";
import { graphLegend } from "../graph/legend";
import { openExportDialog } from "./export-dialog";
import { moneyFlow } from "./money-flow";
import { freezeList } from "./trace/freeze-list";
import { accountNodes, bankName } from "./trace/holders";
import { traceTimeline } from "./trace/timeline";

export function view(ctx: AppContext): View {
  const { canvas, host } = ctx.canvas();
  // The money-flow picture spans the page's width below the graph and the tables (it needs the room).
  const flowPane = el("section", { class: "money-flow-pane" });
  return {
    async render(root, params) {
      // Investigators run traces; prosecutors open a complaint's money read-only and export its package (the app
      // shell keeps this page from roles with neither).
      const canRun = ctx.can("trace");
      const { complaints } = await api.complaints();
      const pick = el(
        "select",
        { dataset: { testid: "complaint" } },
        ...complaints.map((c) => {
          const o = el(
            "option",
            { value: c.caseNo },
            `${c.caseNo} · ${fmtKzt(c.lossKzt)} · ${fmtTime(c.registeredAt)}`,
          );
          return o;
        }),
      );
      const method = el(
        "select",
        { dataset: { testid: "method" } },
        el("option", { value: "fifo" }, t("trace.fifo")),
        el("option", { value: "proportional" }, t("trace.proportional")),
      );
      const out = el("div", { class: "trace-out" });
      const run = async () => {
        ctx.setParams({ complaint: pick.value, method: method.value });
        out.replaceChildren(el("p", { class: "muted" }, t("trace.running")));
        flowPane.replaceChildren();
        document.body.dataset.traced = "";
        try {
          const result = await api.trace({
            complaints: [pick.value],
            method: method.value as "fifo" | "proportional",
          });
          const holders = await accountNodes([
            ...result.edges.flatMap((e) => [e.from, e.to]),
            ...result.freezeList.map((f) => f.account),
          ]);
          showResult(out, result, holders);
          document.body.dataset.traced = pick.value;
        } catch (err) {
          out.replaceChildren(el("p", { class: "error" }, errorMessage(err)));
        }
      };
      /** Read-only: where the complaint's money is now (the recovery triage), without running a new trace. */
      const open = async () => {
        ctx.setParams({ complaint: pick.value });
        out.replaceChildren(el("p", { class: "muted" }, t("recovery.working")));
        document.body.dataset.traced = "";
        try {
          await showReadOnly(out, pick.value);
          document.body.dataset.traced = pick.value;
        } catch (err) {
          out.replaceChildren(el("p", { class: "error" }, errorMessage(err)));
        }
      };
      const exportButton = ctx.can("export")
        ? el(
            "button",
            {
              dataset: { testid: "open-export" },
              disabled: complaints.length === 0,
              on: { click: () => openExportDialog(ctx, { trace: pick.value }) },
            },
            t("export.open"),
          )
        : null;
      root.append(
        el("h1", {}, t("trace.title")),
        complaints.length
          ? ""
          : el(
              "p",
              { class: "muted" },
              ctx.can("upload") ? t("trace.noComplaints") : t("trace.noComplaintsWait"),
            ),
        canRun ? "" : el("p", { class: "muted", dataset: { testid: "read-only" } }, t("trace.readOnlyNote")),
        el(
          "div",
          { class: "toolbar" },
          el("label", {}, t("trace.complaint"), pick),
          canRun ? el("label", {}, t("trace.method"), method) : "",
          canRun
            ? el(
                "button",
                { dataset: { testid: "run-trace" }, on: { click: () => void run() } },
                t("trace.run"),
              )
            : ctx.can("recovery")
              ? el(
                  "button",
                  { dataset: { testid: "open-trace" }, on: { click: () => void open() } },
                  t("trace.open"),
                )
              : "",
          exportButton ?? "",
          ctx.can("casework")
            ? el(
                "button",
                {
                  dataset: { testid: "trace-to-case" },
                  disabled: complaints.length === 0,
                  on: {
                    click: () =>
                      ctx.navigate("/case", {
                        link: "trace",
                        ref: pick.value,
                        params: JSON.stringify({ method: method.value }),
                      }),
                  },
                },
                ct("case.addTo"),
              )
            : "",
        ),
        canRun
          ? el(
              "div",
              { class: "trace-layout" },
              el(
                "div",
                { class: "graph-pane" },
                el(
                  "div",
                  { class: "graph-row" },
                  host,
                  graphLegend({
                    collapsed: true,
                    onToggle: () =>
                      requestAnimationFrame(() => {
                        canvas.sigma.resize();
                        canvas.sigma.refresh({ skipIndexation: true });
                      }),
                  }),
                ),
              ),
              out,
            )
          : out,
        flowPane,
      );
      canvas.sigma.resize();
      const wanted = params.get("complaint");
      if (wanted) {
        pick.value = wanted;
        method.value = params.get("method") ?? "fifo";
        if (canRun) await run();
        else if (ctx.can("recovery")) await open();
      }
    },
    leave() {
      host.remove();
    },
  };

  /** A complaint's money as the recovery triage has it now: totals and the accounts still holding it. */
  async function showReadOnly(out: HTMLElement, caseNo: string): Promise<void> {
    const triage = await api.triage([caseNo]);
    const c = triage.complaints.find((x) => x.caseNo === caseNo);
    replace(
      out,
      el("h2", {}, t("trace.readOnlyTitle", { id: caseNo })),
      el(
        "section",
        { class: "stats" },
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "traced-total" } }, fmtKzt(c?.tracedKzt ?? 0)),
          el("span", {}, t("trace.traced")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "holding-total" } }, fmtKzt(c?.holdingKzt ?? triage.totalHoldingKzt)),
          el("span", {}, t("trace.stillHeld")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", {}, fmtKzt(c?.frozenKzt ?? 0)),
          el("span", {}, t("recovery.frozen")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", {}, fmtKzt(c?.returnedKzt ?? 0)),
          el("span", {}, t("recovery.returned")),
        ),
      ),
      el(
        "p",
        { class: "muted", dataset: { testid: "as-of" } },
        t("trace.asOf", { at: fmtTime(triage.asOf) }),
      ),
      el("h3", {}, t("recovery.holdings")),
      table(
        [
          { title: t("col.account"), value: (h) => h.account },
          { title: t("col.bank"), value: (h) => h.bank ?? "" },
          { title: t("col.amountKzt"), value: (h) => h.amountKzt, numeric: true },
          { title: t("recovery.since"), value: (h) => fmtTime(h.since) },
          {
            title: t("recovery.freeze"),
            value: (h) =>
              h.freezes[0]
                ? `${freezeStatusLabel(h.freezes[0].status)} · ${h.freezes[0].requestId}`
                : t("freeze.notRequested"),
          },
        ],
        triage.holdings,
        { testId: "freeze-list" },
      ),
      el(
        "p",
        {},
        el(
          "button",
          {
            dataset: { testid: "open-recovery" },
            on: { click: () => ctx.navigate("/recovery", { complaint: caseNo }) },
          },
          t("trace.openRecovery"),
        ),
      ),
    );
  }

  function showResult(out: HTMLElement, r: TraceResult, holders: Map<string, GraphNode>): void {
    const sub = flowSubgraph(r, holders);
    const traced = new Map(r.edges.map((e) => [`tx:${e.txId}`, e.tracedKzt]));
    canvas.load(sub, traced);
    // A trace's graph is small: every node named, the same picture on every run (placement from the ids).
    canvas.labelAll = true;
    canvas.highlight(r.exits.map((x) => exitNodeId(x.id, x.kind)));
    let freezeShown = r.freezeList;
    const freezeSet = () => new Set(freezeShown.map((f) => f.account));
    replace(flowPane, el("h2", {}, t("trace.flowTitle")), moneyFlow(r, undefined, freezeSet()));
    // Columns added at the end: readers of the first five keep working.
    const freezeCsv = () =>
      [
        "account,bank,amount_kzt,arrived_at,held_for_hours,bank_name,holder",
        ...freezeShown.map((f) =>
          [
            f.account,
            f.bank ?? "",
            f.amountKzt.toFixed(2),
            new Date(f.arrivedAt).toISOString(),
            (f.heldForMs / 3.6e6).toFixed(1),
            bankName(f.bank),
            holders.get(f.account)?.label ?? "",
          ]
            .map(csvCell)
            .join(","),
        ),
      ].join("\n");
    replace(
      out,
      el(
        "section",
        { class: "stats" },
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "traced-total" } }, fmtKzt(r.tracedKzt)),
          el("span", {}, t("trace.traced")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", {}, fmtKzt(sumValues(r.exitsKzt))),
          el("span", {}, t("trace.reachedExits")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", { dataset: { testid: "holding-total" } }, fmtKzt(sumValues(r.holdingKzt))),
          el("span", {}, t("trace.stillHeld")),
        ),
        el(
          "div",
          { class: "stat" },
          el("b", {}, fmtKzt(r.untracedKzt)),
          el("span", {}, t("trace.notFollowed")),
        ),
      ),
      el("p", { class: "muted", dataset: { testid: "as-of" } }, t("trace.asOf", { at: fmtTime(r.asOf) })),
      el(
        "h2",
        {},
        t("trace.freezeList"),
        el(
          "button",
          {
            on: {
              click: () =>
                void navigator.clipboard?.writeText(freezeCsv()).then(() => ctx.toast(t("trace.copied"))),
            },
          },
          t("trace.copy"),
        ),
        " ",
        el(
          "button",
          {
            dataset: { testid: "download-freeze" },
            on: { click: () => download(`freeze-${r.complaints.join("-")}.csv`, freezeCsv()) },
          },
          t("trace.downloadCsv"),
        ),
        " ",
        ctx.can("recovery")
          ? el(
              "button",
              {
                dataset: { testid: "open-recovery" },
                on: { click: () => ctx.navigate("/recovery", { complaint: r.complaints[0] }) },
              },
              t("trace.recovery"),
            )
          : null,
        " ",
      ),
      freezeList(r, {
        holders,
        onChange: (shown) => {
          freezeShown = shown;
          canvas.mark(
            shown.map((f) => `account:${f.account}`),
            "\u2744",
          );
        },
        columns: [
          { title: t("col.amountKzt"), value: (f) => f.amountKzt, numeric: true },
          { title: t("trace.arrived"), value: (f) => fmtTime(f.arrivedAt) },
          { title: t("trace.heldFor"), value: (f) => fmtDuration(f.heldForMs) },
          {
            title: t("recovery.freeze"),
            value: (f) => {
              const latest = f.freezes?.[0];
              if (!latest) return t("freeze.notRequested");
              const amount =
                latest.status === "returned"
                  ? ` ${fmtKzt(latest.returnedKzt)}`
                  : latest.status === "frozen"
                    ? ` ${fmtKzt(latest.frozenKzt)}`
                    : "";
              return `${freezeStatusLabel(latest.status)}${amount} · ${latest.requestId}`;
            },
          },
        ],
        onRowClick: (f) =>
          ctx.navigate("/explorer", { ids: `account:${f.account}`, sel: `account:${f.account}` }),
      }),
      el("h2", {}, t("trace.exits")),
      table(
        [
          { title: t("trace.exit"), value: (x) => x.id },
          { title: t("col.kind"), value: (x) => exitKindLabel(x.kind) },
          { title: t("col.amountKzt"), value: (x) => x.amountKzt, numeric: true },
          { title: t("trace.transfers"), value: (x) => x.txIds.length, numeric: true },
        ],
        r.exits,
        { testId: "exits" },
      ),
      r.untraced.length ? el("h2", {}, t("trace.notFollowedTitle")) : null,
      r.untraced.length
        ? table(
            [
              { title: t("col.account"), value: (u) => u.account ?? "" },
              { title: t("col.amountKzt"), value: (u) => u.amountKzt, numeric: true },
              {
                title: t("col.why"),
                value: (u) => untracedWhy(u).text,
                lang: (u) => untracedWhy(u).lang,
              },
            ],
            r.untraced,
          )
        : null,
      el("h2", {}, t("trace.timeline")),
      traceTimeline(r),
    );
  }
}

/** "atm_abroad" → "банкомат за рубежом". */
function exitKindLabel(kind: string): string {
  const key = `trace.exitKind.${kind}`;
  return hasKey(key) ? t(key) : kind;
}

function exitNodeId(id: string, kind: string): string {
  if (kind === "wallet") return `wallet:${id}`;
  if (kind === "atm" || kind === "atm_abroad") return `cashpoint:${id}`;
  return `account:${id}`;
}

/**
 * The flow graph of a trace: accounts and exits as nodes, traced transfers as edges. Accounts carry their holder's
 * name and a role for their colour: the victims, the exits, and the hops between (their detected role, else drop).
 */
function flowSubgraph(r: TraceResult, holders: Map<string, GraphNode>): Subgraph {
  const received = new Set(r.edges.map((e) => e.to));
  const victims = new Set([
    ...Object.values(r.byComplaint ?? {}).flatMap((c) => (c.victimAccount ? [c.victimAccount] : [])),
    ...r.edges.filter((e) => !received.has(e.from)).map((e) => e.from),
  ]);
  const nodes = new Map<string, GraphNode>();
  const exitKinds = new Map(r.exits.map((x) => [x.id, x.kind]));
  const walletOf = new Map<string, string>();
  for (const x of r.exits) if (x.kind === "wallet") for (const t of x.txIds) walletOf.set(t, x.id);
  const node = (key: string): string => {
    const kind = exitKinds.get(key);
    const id = key.startsWith("atm:")
      ? `cashpoint:${key.slice(4)}`
      : kind
        ? exitNodeId(key, kind)
        : `account:${key}`;
    if (!nodes.has(id)) {
      const type = id.slice(0, id.indexOf(":")) as GraphNode["type"];
      const stored = holders.get(key);
      const role = victims.has(key)
        ? "victim"
        : kind
          ? "exit"
          : stored?.role && stored.role !== "ordinary"
            ? stored.role
            : "drop";
      nodes.set(id, {
        id,
        type,
        key,
        label: stored?.label ? `${stored.label} · ${key}` : key,
        ...(type === "account" ? { role } : {}),
        props: { holdingKzt: r.holdingKzt[key] ?? null, exitKzt: r.exitsKzt[key] ?? null },
        score:
          30 +
          70 * Math.min(1, ((r.holdingKzt[key] ?? 0) + (r.exitsKzt[key] ?? 0)) / Math.max(1, r.tracedKzt)),
      });
    }
    return id;
  };
  const edges = r.edges.map((e) => ({
    id: `tx:${e.txId}`,
    type: "TRANSFER" as const,
    source: node(e.from),
    target: walletOf.has(e.txId) ? node(walletOf.get(e.txId)!) : node(e.to),
    props: { ts: e.ts, amountKzt: e.tracedKzt, tracedKzt: e.tracedKzt },
  }));
  return { nodes: [...nodes.values()], edges, truncated: false };
}

function sumValues(o: Record<string, number>): number {
  return Object.values(o).reduce((s, v) => s + v, 0);
}

function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Why money was not followed, in the reader's language by its code; a code the catalogues lack stays English. */
function untracedWhy(u: { code?: string; reason: string }): { text: string; lang: string | undefined } {
  const key = `untraced.${u.code ?? ""}`;
  return hasKey(key) ? { text: t(key), lang: undefined } : { text: u.reason, lang: "en" };
}
