/**
 * Graph explorer: expand neighbours (double-click), remove / pin nodes, ForceAtlas2 in a worker, filters by time
 * and amount, legend, detail panel with the entity's notes. State in the URL: ids, cluster, sel, from, to, min.
 */
import { api, type EntityDetail, type Note } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtKzt, fmtTime, reasonElements, reasonLine, replace, table } from "../dom";
import type { CanvasSnapshot } from "../graph/canvas";
import { TimeHistogram } from "../graph/histogram";
import { EditHistory } from "../graph/history";
import { graphLegend } from "../graph/legend";
import { errorMessage } from "../i18n/errors";
import { formatNumber, hasKey, t } from "../i18n/index";
import { accountRoleLabel, entityLabel, relationLabel, typologyList } from "../i18n/labels";
import { openExportDialog } from "./export-dialog";
import { clusterContext } from "./explorer/cluster-context";
import { ct } from "./casework-text";
import { savedViewsControl, findView } from "./explorer/saved-views";
import { installShortcuts } from "./explorer/shortcuts";
import { sourceFileNames, sourceText } from "./explorer/sources";

export function view(ctx: AppContext): View {
  const { canvas, host } = ctx.canvas();
  const detail = el("aside", { class: "detail", dataset: { testid: "detail" } });
  let ids: string[] = [];
  let clusterId: string | undefined;

  const status = el("span", { class: "muted", dataset: { testid: "graph-status" } });
  const updateStatus = () => {
    status.textContent = t("explorer.status", {
      nodes: formatNumber(canvas.graph.order),
      edges: formatNumber(canvas.graph.size),
    });
    status.title = t("graph.transfersShown", { count: canvas.transfers().length });
  };

  const layoutButton = el("button", {}, t("explorer.startLayout"));
  layoutButton.addEventListener("click", () => {
    if (canvas.isLayoutRunning()) canvas.stopLayout();
    else canvas.startLayout();
    layoutButton.textContent = canvas.isLayoutRunning()
      ? t("explorer.stopLayout")
      : t("explorer.startLayout");
  });

  // Filters: a time histogram of the transfers shown, brushed to a window, and a minimum amount.
  let brushed: [number, number] | null = null;
  const history = new EditHistory<CanvasSnapshot>();
  const histogram = new TimeHistogram({
    format: fmtTime,
    money: fmtKzt,
    onBrush: (range) => {
      history.record("filter", canvas.snapshot());
      brushed = range;
      applyFilters();
    },
  });
  const minAmount = el("input", {
    type: "number",
    min: "0",
    step: "1000",
    placeholder: t("explorer.minAmountPlaceholder"),
    dataset: { testid: "min-amount" },
  });
  const applyFilters = (writeUrl = true) => {
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);
    const from = finite(brushed?.[0]);
    const to = finite(brushed?.[1]);
    const min = minAmount.value ? Number(minAmount.value) : undefined;
    canvas.setFilters({ from, to, minAmount: min });
    histogram.setRange(brushed);
    if (writeUrl)
      ctx.setParams({
        from: from !== undefined ? String(Math.round(from)) : undefined,
        to: to !== undefined ? String(Math.round(to)) : undefined,
        min: min !== undefined ? String(min) : undefined,
      });
  };
  minAmount.addEventListener("change", () => {
    history.record("filter", canvas.snapshot());
    applyFilters();
  });
  const edgeLabels = el("input", { type: "checkbox", dataset: { testid: "edge-labels" } });
  edgeLabels.addEventListener("change", () => canvas.setEdgeLabels(edgeLabels.checked));

  /** Undo / redo: the canvas goes back to the snapshot, the filter inputs and the URL follow. */
  const travel = (dir: "undo" | "redo") => {
    const entry = dir === "undo" ? history.undo(canvas.snapshot()) : history.redo(canvas.snapshot());
    if (!entry) return ctx.toast(t(dir === "undo" ? "graph.nothingToUndo" : "graph.nothingToRedo"));
    canvas.restore(entry.state);
    const f = canvas.getFilters();
    brushed = f.from !== undefined || f.to !== undefined ? [f.from ?? -Infinity, f.to ?? Infinity] : null;
    minAmount.value = f.minAmount !== undefined ? String(f.minAmount) : "";
    ids = ids.filter((id) => canvas.graph.hasNode(id));
    ctx.setParams({ ids: ids.length ? ids.join(",") : undefined });
    applyFilters();
    updateStatus();
    histogram.setData(canvas.transfers());
  };
  const undoButton = el("button", { dataset: { testid: "undo" }, disabled: true }, t("graph.undo"));
  const redoButton = el("button", { dataset: { testid: "redo" }, disabled: true }, t("graph.redo"));
  undoButton.addEventListener("click", () => travel("undo"));
  redoButton.addEventListener("click", () => travel("redo"));
  history.onChange(() => {
    undoButton.disabled = history.undoLabel === null;
    redoButton.disabled = history.redoLabel === null;
    undoButton.title = history.undoLabel ?? "";
    redoButton.title = history.redoLabel ?? "";
  });
  const removeSelected = (id: string) => {
    history.record("remove", canvas.snapshot());
    canvas.remove(id);
    updateStatus();
    histogram.setData(canvas.transfers());
  };
  let shortcuts: ReturnType<typeof installShortcuts> | null = null;

  const colorBy = el(
    "select",
    { dataset: { testid: "color-by" } },
    el("option", { value: "role" }, t("explorer.colourRole")),
    el("option", { value: "community" }, t("explorer.colourCommunity")),
  );
  colorBy.addEventListener("change", () => {
    canvas.setColorBy(colorBy.value as "community" | "role");
    ctx.setParams({ color: colorBy.value === "community" ? "community" : undefined });
  });

  const selectedOnly = (fn: (id: string) => void) => () => {
    if (canvas.selected) fn(canvas.selected);
    else ctx.toast(t("explorer.selectFirst"));
  };

  async function expand(id: string): Promise<void> {
    try {
      const sub = await api.neighbourhood([id], {
        depth: 1,
        nodeCap: 300,
        minAmount: minAmount.value ? Number(minAmount.value) : undefined,
      });
      const before = canvas.snapshot();
      const { addedNodes, addedEdges } = canvas.merge(sub);
      if (addedNodes || addedEdges) history.record("expand", before);
      if (!ids.includes(id)) ids.push(id);
      ctx.setParams({ ids: ids.join(","), cluster: clusterId });
      updateStatus();
      refreshExtent();
      if (sub.truncated)
        ctx.toast(t("explorer.partial", { nodes: sub.nodes.length, edges: sub.edges.length }));
      else if (!addedNodes) ctx.toast(t("explorer.noNew"));
    } catch (err) {
      ctx.toast((err as Error).message, "error");
    }
  }

  function refreshExtent(): void {
    histogram.setData(canvas.transfers());
    applyFilters(false);
  }

  async function showDetail(id: string | null): Promise<void> {
    ctx.setParams({ sel: id ?? undefined });
    if (!id) {
      replace(detail, el("p", { class: "muted" }, t("explorer.clickHint")));
      return;
    }
    replace(detail, el("p", { class: "muted" }, t("common.loading")));
    try {
      const [entity, names] = await Promise.all([api.entity(id), sourceFileNames()]);
      // A busy account's relationships come a page at a time; "more" appends the next page to what is shown.
      const show = (d: EntityDetail): void =>
        renderDetail(
          detail,
          d,
          ctx,
          (nid) => void expand(nid),
          names,
          async () => {
            if (d.edgesNext === null) return;
            const page = await api.entity(id, d.edgesNext);
            const known = new Set(d.neighbours.map((x) => x.id));
            show({
              ...page,
              edges: [...d.edges, ...page.edges],
              neighbours: [...d.neighbours, ...page.neighbours.filter((x) => !known.has(x.id))],
            });
          },
        );
      show(entity);
      detail.dataset.entity = id;
    } catch (err) {
      replace(detail, el("p", { class: "error" }, (err as Error).message));
    }
  }

  canvas.on("select", (id) => void showDetail(id));
  canvas.on("expand", (id) => void expand(id));

  const savedViews: HTMLElement & { save?: () => void } = savedViewsControl({
    current: () => ({
      params: Object.fromEntries(new URLSearchParams(location.search)),
      positions: Object.fromEntries(canvas.graph.mapNodes((n, a) => [n, [a.x, a.y] as [number, number]])),
    }),
    open: (v) => ctx.navigate("/explorer", { ...v.params, view: v.name }),
    toast: (m, kind) => ctx.toast(m, kind),
  });
  /** Put a saved view's nodes back where they stood; nodes it did not have are removed (as they had been). */
  function applySavedView(name: string): void {
    const v = findView(name);
    if (!v) return;
    for (const n of canvas.graph.nodes()) if (!v.positions[n]) canvas.remove(n);
    canvas.graph.forEachNode((n) => {
      const p = v.positions[n];
      if (p) canvas.graph.mergeNodeAttributes(n, { x: p[0], y: p[1] });
    });
    updateStatus();
    refreshExtent();
    document.body.dataset.savedView = name;
  }

  return {
    async render(root, params) {
      ids = (params.get("ids") ?? "").split(",").filter(Boolean);
      clusterId = params.get("cluster") ?? undefined;
      const toolbar = el(
        "div",
        { class: "toolbar" },
        layoutButton,
        el("button", { on: { click: () => canvas.fit() } }, t("explorer.fit")),
        el(
          "button",
          { on: { click: selectedOnly((id) => canvas.zoomTo([id, ...canvas.graph.neighbors(id)])) } },
          t("explorer.zoom"),
        ),
        el("button", { on: { click: selectedOnly((id) => void expand(id)) } }, t("explorer.expand")),
        el(
          "button",
          {
            on: {
              click: selectedOnly((id) =>
                ctx.toast(canvas.togglePin(id) ? t("explorer.pinned") : t("explorer.unpinned")),
              ),
            },
          },
          t("explorer.pin"),
        ),
        el("button", { on: { click: selectedOnly(removeSelected) } }, t("explorer.remove")),
        undoButton,
        redoButton,
        savedViews,
        el(
          "button",
          { dataset: { testid: "shortcuts-help" }, on: { click: () => shortcuts?.help() } },
          t("keys.button"),
        ),
        ctx.can("export")
          ? el(
              "button",
              {
                dataset: { testid: "open-export" },
                on: {
                  click: () =>
                    openExportDialog(
                      ctx,
                      clusterId
                        ? { cluster: clusterId }
                        : {
                            accounts: canvas.graph
                              .filterNodes((_n, a) => a.entityType === "account")
                              .map((n) => n.slice("account:".length)),
                          },
                    ),
                },
              },
              t("export.open"),
            )
          : null,
        status,
      );
      const filters = el(
        "div",
        { class: "filters" },
        el("label", {}, t("explorer.minAmount"), minAmount),
        colorBy,
        el("label", {}, edgeLabels, ` ${t("graph.edgeLabels")}`),
      );
      root.append(
        el(
          "div",
          { class: "explorer" },
          el(
            "div",
            { class: "graph-pane" },
            toolbar,
            filters,
            histogram.element,
            el(
              "div",
              { class: "graph-row" },
              host,
              graphLegend({
                // A resize clears sigma's canvases: draw again at the new width.
                onToggle: () =>
                  requestAnimationFrame(() => {
                    canvas.sigma.resize();
                    canvas.sigma.refresh({ skipIndexation: true });
                  }),
              }),
            ),
          ),
          detail,
        ),
      );
      canvas.sigma.resize();

      if (clusterId) {
        const { cluster, subgraph } = await api.cluster(clusterId);
        canvas.load(subgraph);
        history.clear();
        // The victims, exits and shared identifiers its reasons cite come with it.
        const members = subgraph.nodes.map((n) => n.id);
        const reasons = [...cluster.reasons, ...subgraph.nodes.flatMap((n) => n.reasons ?? [])];
        // A link may select a node of the context (a victim, an exit), which arrives only with it.
        const wantedSel = params.get("sel");
        void api
          .neighbourhood(members, { depth: 1, nodeCap: 2000 })
          .then((around) => {
            canvas.merge(clusterContext(members, reasons, around));
            if (wantedSel && !canvas.selected && canvas.graph.hasNode(wantedSel)) canvas.select(wantedSel);
            updateStatus();
            refreshExtent();
            if (findView(params.get("view") ?? "")) applySavedView(params.get("view")!);
            document.body.dataset.clusterContext = "ready";
          })
          .catch((err: Error) => ctx.toast(errorMessage(err), "error"));
        root.prepend(
          el(
            "p",
            { class: "muted" },
            t("explorer.clusterLine", { rank: String(cluster.rank), score: cluster.score.toFixed(0) }),
            cluster.typologies?.length
              ? t("explorer.clusterTypologies", { list: typologyList(cluster.typologies) })
              : "",
            reasonLine(cluster.reasons),
            ctx.can("casework")
              ? el(
                  "button",
                  {
                    dataset: { testid: "cluster-to-case" },
                    on: { click: () => ctx.navigate("/case", { link: "cluster", ref: cluster.id }) },
                  },
                  ct("case.addTo"),
                )
              : null,
          ),
        );
      } else if (ids.length) {
        canvas.load(await api.neighbourhood(ids, { depth: 1, nodeCap: 500 }));
        history.clear();
      } else if (canvas.graph.order === 0) {
        root.prepend(el("p", { class: "muted" }, t("explorer.start")));
      }
      updateStatus();
      histogram.setData(canvas.transfers());
      const from = params.get("from");
      const to = params.get("to");
      brushed = from || to ? [from ? Number(from) : -Infinity, to ? Number(to) : Infinity] : null;
      minAmount.value = params.get("min") ?? "";
      colorBy.value = params.get("color") === "community" ? "community" : "role";
      canvas.setColorBy(colorBy.value as "community" | "role");
      applyFilters(false);
      const sel = params.get("sel");
      if (sel && canvas.graph.hasNode(sel)) canvas.select(sel);
      else void showDetail(null);
      if (!clusterId && findView(params.get("view") ?? "")) applySavedView(params.get("view")!);
      shortcuts?.dispose();
      shortcuts = installShortcuts([
        { keys: ["e"], description: t("keys.expand"), run: selectedOnly((id) => void expand(id)) },
        { keys: ["Delete", "x"], description: t("keys.remove"), run: selectedOnly(removeSelected) },
        {
          keys: ["p"],
          description: t("keys.pin"),
          run: selectedOnly((id) =>
            ctx.toast(canvas.togglePin(id) ? t("explorer.pinned") : t("explorer.unpinned")),
          ),
        },
        { keys: ["f"], description: t("keys.fit"), run: () => canvas.fit() },
        { keys: ["l"], description: t("keys.layout"), run: () => layoutButton.click() },
        {
          keys: ["a"],
          description: t("keys.edgeLabels"),
          run: () => {
            edgeLabels.checked = !edgeLabels.checked;
            canvas.setEdgeLabels(edgeLabels.checked);
          },
        },
        { keys: ["Ctrl+z", "u"], description: t("keys.undo"), run: () => travel("undo") },
        { keys: ["Ctrl+Shift+z", "Ctrl+y", "r"], description: t("keys.redo"), run: () => travel("redo") },
        { keys: ["s"], description: t("keys.save"), run: () => savedViews.save?.() },
        { keys: ["Escape"], description: t("keys.deselect"), run: () => canvas.select(null) },
      ]);
    },
    leave() {
      shortcuts?.dispose();
      shortcuts = null;
      canvas.stopLayout();
      host.remove();
    },
  };
}

function renderDetail(
  root: HTMLElement,
  d: EntityDetail,
  ctx: AppContext,
  expand: (id: string) => void,
  names: Map<string, string>,
  more: () => Promise<void>,
): void {
  const n = d.node;
  const partial = d.edgesNext !== null;
  const props = Object.entries(n.props).filter(([, v]) => v !== null && v !== "");
  const transfers = d.edges.filter((e) => e.type === "TRANSFER" || e.type === "WITHDREW");
  const others = d.edges.filter((e) => e.type !== "TRANSFER" && e.type !== "WITHDREW");
  const label = (id: string) => d.neighbours.find((x) => x.id === id)?.label || id;
  replace(
    root,
    el("h2", {}, n.label || n.key),
    el("p", { class: "muted" }, `${entityLabel(n.type)} · ${n.key}`),
    n.role
      ? el(
          "div",
          { class: "role", dataset: { testid: "role" } },
          el("b", {}, t("explorer.role", { role: accountRoleLabel(n.role) })),
          n.score !== undefined ? t("explorer.score", { score: n.score.toFixed(0) }) : "",
          n.community ? t("explorer.community", { id: String(n.community) }) : "",
          n.typologies?.length
            ? el(
                "div",
                { class: "typologies", dataset: { testid: "typologies" } },
                t("explorer.typologies", { list: typologyList(n.typologies) }),
              )
            : null,
          el("ul", {}, ...reasonElements("li", n.reasons ?? [])),
        )
      : null,
    el(
      "table",
      { class: "props" },
      el(
        "tbody",
        {},
        ...props.map(([k, v]) => el("tr", {}, propName(k), el("td", { translate: false }, formatProp(k, v)))),
      ),
    ),
    notesSection(n.id, ctx),
    el("h3", {}, t("explorer.sources", { count: d.sources.length })),
    el(
      "ul",
      { class: "sources" },
      ...d.sources.slice(0, 20).map((s) => el("li", { dataset: { file: s.file } }, sourceText(s, names))),
    ),
    el("h3", {}, t("explorer.transfers", { count: transfers.length })),
    table(
      [
        {
          title: t("explorer.dir"),
          value: (e) => (e.source === n.id ? t("explorer.out") : t("explorer.in")),
        },
        { title: t("explorer.counterparty"), value: (e) => label(e.source === n.id ? e.target : e.source) },
        { title: t("col.time"), value: (e) => (typeof e.props.ts === "number" ? fmtTime(e.props.ts) : "") },
        { title: t("col.amountKzt"), value: (e) => Number(e.props.amountKzt ?? 0), numeric: true },
        { title: t("explorer.purpose"), value: (e) => String(e.props.purpose ?? "") },
        {
          title: t("explorer.source"),
          value: (e) => (e.sources ?? []).map((s) => sourceText(s, names)).join(", "),
        },
      ],
      transfers,
      { onRowClick: (e) => expand(e.source === n.id ? e.target : e.source), testId: "transfers" },
    ),
    others.length ? el("h3", {}, t("explorer.links", { count: others.length })) : null,
    others.length
      ? el(
          "ul",
          { dataset: { testid: "links" } },
          ...others.map((e) =>
            el("li", {}, `${relationLabel(e.type)} ${label(e.source === n.id ? e.target : e.source)}`),
          ),
        )
      : null,
    partial
      ? el(
          "p",
          { dataset: { testid: "relations-paging" } },
          t("explorer.relationsShown", {
            shown: formatNumber(d.edges.length),
            total: formatNumber(d.edgesTotal),
          }),
          " ",
          el(
            "button",
            { on: { click: () => void more() }, dataset: { testid: "relations-more" } },
            t("explorer.moreRelations"),
          ),
        )
      : null,
    el("p", {}, el("button", { on: { click: () => expand(n.id) } }, t("explorer.expandNeighbours"))),
    ctx.can("trace") && n.type === "complaint"
      ? el(
          "button",
          { on: { click: () => ctx.navigate("/trace", { complaint: n.key }) } },
          t("explorer.traceComplaint"),
        )
      : null,
    el(
      "p",
      { class: "muted" },
      t(partial ? "explorer.totalsShown" : "explorer.totals", {
        in: fmtKzt(sum(transfers.filter((e) => e.target === n.id))),
        out: fmtKzt(sum(transfers.filter((e) => e.source === n.id))),
      }),
    ),
  );
}

/**
 * The notes on `target` (oldest first), and for roles that may write them a form that adds one and reloads the list.
 * `data-ready` turns "true" once the list has loaded.
 */
function notesSection(target: string, ctx: AppContext): HTMLElement {
  const heading = el("h3", {}, t("notes.title"));
  const list = el("ul", { class: "notes-list", dataset: { testid: "notes-list" } });
  const section = el(
    "section",
    { class: "notes", dataset: { testid: "notes", ready: "false" } },
    heading,
    list,
  );
  const load = async (): Promise<void> => {
    section.dataset.ready = "false";
    try {
      const { notes } = await api.notes(target);
      heading.textContent = t("notes.count", { count: notes.length });
      replace(
        list,
        ...(notes.length ? notes.map(noteItem) : [el("li", { class: "muted" }, t("notes.none"))]),
      );
    } catch (err) {
      replace(list, el("li", { class: "muted" }, t("notes.loadFailed")));
      ctx.toast(t("notes.error", { message: errorMessage(err) }), "error");
    }
    section.dataset.ready = "true";
  };
  if (ctx.can("notes")) {
    const text = el("textarea", { placeholder: t("notes.placeholder"), dataset: { testid: "note-text" } });
    const add = el("button", { dataset: { testid: "add-note" } }, t("notes.add"));
    add.addEventListener("click", async () => {
      const value = text.value.trim();
      if (!value) return ctx.toast(t("notes.writeFirst"));
      add.disabled = true;
      try {
        await api.addNote(target, value);
        text.value = "";
        await load();
      } catch (err) {
        ctx.toast(t("notes.notSaved", { message: errorMessage(err) }), "error");
      } finally {
        add.disabled = false;
      }
    });
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) add.click();
    });
    section.append(el("div", { class: "note-form" }, text, add));
  }
  void load();
  return section;
}

function noteItem(note: Note): HTMLElement {
  return el(
    "li",
    { class: "note", dataset: { testid: "note" } },
    el("div", { class: "muted" }, `${note.author} · ${fmtTime(note.createdAt)}`),
    el("div", { class: "note-body" }, note.text),
  );
}

/** A property's name in the user's language; one this build has no word for is shown as recorded. */
function propName(key: string): HTMLElement {
  const message = `prop.${key}`;
  return hasKey(message) ? el("th", {}, t(message)) : el("th", { translate: false }, key);
}

/** Times are stored as epoch ms: show them as Almaty local time. */
function formatProp(key: string, value: unknown): string {
  if (typeof value === "number" && (/At$/.test(key) || key === "ts") && value > 1e11) return fmtTime(value);
  return String(value);
}

function sum(edges: { props: Record<string, unknown> }[]): number {
  return edges.reduce((s, e) => s + Number(e.props.amountKzt ?? 0), 0);
}
