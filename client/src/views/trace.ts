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
import { openExportDialog } from "./export-dialog";
import { moneyFlow } from "./money-flow";

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
          showResult(out, result);
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
        ),
        canRun ? el("div", { class: "trace-layout" }, el("div", { class: "graph-pane" }, host), out) : out,
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

  function showResult(out: HTMLElement, r: TraceResult): void {
    const sub = flowSubgraph(r);
    const traced = new Map(r.edges.map((e) => [`tx:${e.txId}`, e.tracedKzt]));
    canvas.load(sub, traced);
    canvas.highlight(r.exits.map((x) => exitNodeId(x.id, x.kind)));
    replace(flowPane, el("h2", {}, t("trace.flowTitle")), moneyFlow(r));
    const freezeCsv = () =>
      [
        "account,bank,amount_kzt,arrived_at,held_for_hours",
        ...r.freezeList.map((f) =>
          [
            f.account,
            f.bank ?? "",
            f.amountKzt.toFixed(2),
            new Date(f.arrivedAt).toISOString(),
            (f.heldForMs / 3.6e6).toFixed(1),
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
      table(
        [
          { title: t("col.account"), value: (f) => f.account },
          { title: t("col.bank"), value: (f) => f.bank ?? "" },
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
        r.freezeList,
        {
          testId: "freeze-list",
          onRowClick: (f) =>
            ctx.navigate("/explorer", { ids: `account:${f.account}`, sel: `account:${f.account}` }),
        },
      ),
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
              { title: t("col.why"), value: (u) => u.reason, lang: "en" },
            ],
            r.untraced,
          )
        : null,
      el("h2", {}, t("trace.timeline")),
      timeline(r),
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

/** The flow graph of a trace: accounts and exits as nodes, traced transfers as edges. */
function flowSubgraph(r: TraceResult): Subgraph {
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
      nodes.set(id, {
        id,
        type,
        key,
        label: key,
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

/** An SVG strip: one mark per traced movement, x = time, height = traced amount. */
function timeline(r: TraceResult): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const w = 640;
  const h = 90;
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("class", "timeline");
  if (!r.edges.length) return svg;
  const t0 = Math.min(...r.edges.map((e) => e.ts));
  const t1 = Math.max(...r.edges.map((e) => e.ts));
  const max = Math.max(...r.edges.map((e) => e.tracedKzt));
  for (const e of r.edges) {
    const x = 10 + ((w - 20) * (e.ts - t0)) / Math.max(1, t1 - t0);
    const bar = document.createElementNS(ns, "rect");
    const bh = Math.max(2, (60 * e.tracedKzt) / max);
    bar.setAttribute("x", String(x));
    bar.setAttribute("y", String(70 - bh));
    bar.setAttribute("width", "3");
    bar.setAttribute("height", String(bh));
    bar.setAttribute("fill", "#c0392b");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${fmtTime(e.ts)} ${e.from} → ${e.to}: ${fmtKzt(e.tracedKzt)}`;
    bar.appendChild(title);
    svg.appendChild(bar);
  }
  for (const [x, t] of [
    [10, t0],
    [w - 10, t1],
  ] as const) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", String(x));
    label.setAttribute("y", "86");
    label.setAttribute("text-anchor", x === 10 ? "start" : "end");
    label.setAttribute("font-size", "10");
    label.textContent = fmtTime(t);
    svg.appendChild(label);
  }
  return svg;
}

function sumValues(o: Record<string, number>): number {
  return Object.values(o).reduce((s, v) => s + v, 0);
}

function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
