/**
 * Graph explorer: expand neighbours (double-click), remove / pin nodes, ForceAtlas2 in a worker, filters by time
 * and amount, legend, detail panel with the entity's notes. State in the URL: ids, cluster, sel, from, to, min.
 */
import { typologyText } from "../../../model/typologies";
import { api, type EntityDetail, type Note } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtKzt, fmtTime, replace, table } from "../dom";
import { LARGE_GRAPH_NODES, ROLE_COLORS, TYPE_COLORS } from "../graph/canvas";
import { openExportDialog } from "./export-dialog";

export function view(ctx: AppContext): View {
  const { canvas, host } = ctx.canvas();
  const detail = el("aside", { class: "detail", dataset: { testid: "detail" } });
  let ids: string[] = [];
  let clusterId: string | undefined;

  const status = el("span", { class: "muted", dataset: { testid: "graph-status" } });
  const updateStatus = () => {
    status.textContent = `${canvas.graph.order.toLocaleString("ru-RU")} nodes · ${canvas.graph.size.toLocaleString("ru-RU")} edges`;
  };

  const layoutButton = el("button", {}, "Start layout");
  layoutButton.addEventListener("click", () => {
    if (canvas.isLayoutRunning()) canvas.stopLayout();
    else canvas.startLayout();
    layoutButton.textContent = canvas.isLayoutRunning() ? "Stop layout" : "Start layout";
  });

  // Filters: two sliders over the transfers' dates and a minimum amount.
  const fromSlider = el("input", {
    type: "range",
    min: "0",
    max: "1000",
    value: "0",
    dataset: { testid: "time-from" },
  });
  const toSlider = el("input", {
    type: "range",
    min: "0",
    max: "1000",
    value: "1000",
    dataset: { testid: "time-to" },
  });
  const timeLabel = el("span", { class: "muted" });
  const minAmount = el("input", {
    type: "number",
    min: "0",
    step: "1000",
    placeholder: "min ₸",
    dataset: { testid: "min-amount" },
  });
  let extent: [number, number] | null = null;
  const sliderToTime = (v: string) =>
    extent ? extent[0] + ((extent[1] - extent[0]) * Number(v)) / 1000 : undefined;
  const timeToSlider = (t: number | undefined, dflt: string) =>
    extent && t !== undefined && extent[1] > extent[0]
      ? String(Math.round(((t - extent[0]) / (extent[1] - extent[0])) * 1000))
      : dflt;
  const applyFilters = (writeUrl = true) => {
    const from = fromSlider.value === "0" ? undefined : sliderToTime(fromSlider.value);
    const to = toSlider.value === "1000" ? undefined : sliderToTime(toSlider.value);
    const min = minAmount.value ? Number(minAmount.value) : undefined;
    canvas.setFilters({ from, to, minAmount: min });
    timeLabel.textContent = extent
      ? `${fmtTime(from ?? extent[0])} — ${fmtTime(to ?? extent[1])}`
      : "no transfers";
    if (writeUrl)
      ctx.setParams({
        from: from !== undefined ? String(Math.round(from)) : undefined,
        to: to !== undefined ? String(Math.round(to)) : undefined,
        min: min !== undefined ? String(min) : undefined,
      });
  };
  fromSlider.addEventListener("input", () => applyFilters());
  toSlider.addEventListener("input", () => applyFilters());
  minAmount.addEventListener("change", () => applyFilters());

  const colorBy = el(
    "select",
    { dataset: { testid: "color-by" } },
    el("option", { value: "community" }, "Colour: community"),
    el("option", { value: "role" }, "Colour: role"),
  );
  colorBy.addEventListener("change", () => {
    canvas.setColorBy(colorBy.value as "community" | "role");
    ctx.setParams({ color: colorBy.value === "role" ? "role" : undefined });
  });

  const selectedOnly = (fn: (id: string) => void) => () => {
    if (canvas.selected) fn(canvas.selected);
    else ctx.toast("Select a node first (click it).");
  };

  async function expand(id: string): Promise<void> {
    try {
      const sub = await api.neighbourhood([id], {
        depth: 1,
        nodeCap: 300,
        minAmount: minAmount.value ? Number(minAmount.value) : undefined,
      });
      const { addedNodes } = canvas.merge(sub);
      if (!ids.includes(id)) ids.push(id);
      ctx.setParams({ ids: ids.join(","), cluster: clusterId });
      updateStatus();
      refreshExtent();
      if (sub.truncated)
        ctx.toast(
          `Showing part of this neighbourhood: ${sub.nodes.length} nodes, ${sub.edges.length} links (the server's cap was reached).`,
        );
      else if (!addedNodes) ctx.toast("No new neighbours with the current filters.");
    } catch (err) {
      ctx.toast((err as Error).message, "error");
    }
  }

  function refreshExtent(): void {
    extent = canvas.timeExtent();
    applyFilters(false);
  }

  async function showDetail(id: string | null): Promise<void> {
    ctx.setParams({ sel: id ?? undefined });
    if (!id) {
      replace(
        detail,
        el("p", { class: "muted" }, "Click a node to see its details; double-click to expand it."),
      );
      return;
    }
    replace(detail, el("p", { class: "muted" }, "Loading…"));
    try {
      renderDetail(detail, await api.entity(id), ctx, (nid) => void expand(nid));
      detail.dataset.entity = id;
    } catch (err) {
      replace(detail, el("p", { class: "error" }, (err as Error).message));
    }
  }

  canvas.on("select", (id) => void showDetail(id));
  canvas.on("expand", (id) => void expand(id));

  return {
    async render(root, params) {
      ids = (params.get("ids") ?? "").split(",").filter(Boolean);
      clusterId = params.get("cluster") ?? undefined;
      const toolbar = el(
        "div",
        { class: "toolbar" },
        layoutButton,
        el("button", { on: { click: () => canvas.fit() } }, "Fit"),
        el(
          "button",
          { on: { click: selectedOnly((id) => canvas.zoomTo([id, ...canvas.graph.neighbors(id)])) } },
          "Zoom to selection",
        ),
        el("button", { on: { click: selectedOnly((id) => void expand(id)) } }, "Expand"),
        el(
          "button",
          { on: { click: selectedOnly((id) => ctx.toast(canvas.togglePin(id) ? "Pinned" : "Unpinned")) } },
          "Pin",
        ),
        el("button", { on: { click: selectedOnly((id) => (canvas.remove(id), updateStatus())) } }, "Remove"),
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
              "Export…",
            )
          : null,
        status,
      );
      const filters = el(
        "div",
        { class: "filters" },
        el("label", {}, "From ", fromSlider),
        el("label", {}, "To ", toSlider),
        timeLabel,
        el("label", {}, "Min amount ", minAmount),
        colorBy,
      );
      root.append(
        el(
          "div",
          { class: "explorer" },
          el("div", { class: "graph-pane" }, toolbar, filters, host, legend()),
          detail,
        ),
      );
      canvas.sigma.resize();

      if (clusterId) {
        const { cluster, subgraph } = await api.cluster(clusterId);
        canvas.load(subgraph);
        root.prepend(
          el(
            "p",
            { class: "muted" },
            `Cluster #${cluster.rank} · score ${cluster.score.toFixed(0)}/100 · ` +
              (cluster.typologies?.length ? `typologies: ${typologyText(cluster.typologies)} · ` : "") +
              cluster.reasons.join("; "),
          ),
        );
      } else if (ids.length) {
        canvas.load(await api.neighbourhood(ids, { depth: 1, nodeCap: 500 }));
      } else if (canvas.graph.order === 0) {
        root.prepend(
          el(
            "p",
            { class: "muted" },
            "Search for an account, person, phone, IP, card, wallet or case number to start.",
          ),
        );
      }
      updateStatus();
      extent = canvas.timeExtent();
      const from = params.get("from");
      const to = params.get("to");
      fromSlider.value = timeToSlider(from ? Number(from) : undefined, "0");
      toSlider.value = timeToSlider(to ? Number(to) : undefined, "1000");
      minAmount.value = params.get("min") ?? "";
      colorBy.value = params.get("color") === "role" ? "role" : "community";
      canvas.setColorBy(colorBy.value as "community" | "role");
      applyFilters(false);
      const sel = params.get("sel");
      if (sel && canvas.graph.hasNode(sel)) canvas.select(sel);
      else void showDetail(null);
    },
    leave() {
      canvas.stopLayout();
      host.remove();
    },
  };
}

function legend(): HTMLElement {
  const swatch = (color: string, square = false) =>
    el("i", { class: square ? "sw square" : "sw", style: { background: color } });
  return el(
    "div",
    { class: "legend", dataset: { testid: "legend" } },
    el("b", {}, "Legend"),
    el("div", {}, "Accounts: circles, colour = community, size = score"),
    el("div", {}, "Colour by role:"),
    ...Object.entries(ROLE_COLORS).map(([role, c]) => el("div", {}, swatch(c), ` ${role}`)),
    ...(["person", "company", "card", "phone", "device", "ip", "wallet", "cashpoint"] as const).map((t) =>
      el("div", {}, swatch(TYPE_COLORS[t], true), ` ${t}`),
    ),
    el("div", {}, "Edge width = amount; red edges = traced money"),
    el(
      "div",
      { class: "muted" },
      `Over ${LARGE_GRAPH_NODES.toLocaleString("en-US")} nodes every node is a dot (colour still tells the type), and edges and labels hide while you pan or zoom.`,
    ),
  );
}

function renderDetail(
  root: HTMLElement,
  d: EntityDetail,
  ctx: AppContext,
  expand: (id: string) => void,
): void {
  const n = d.node;
  const props = Object.entries(n.props).filter(([, v]) => v !== null && v !== "");
  const transfers = d.edges.filter((e) => e.type === "TRANSFER" || e.type === "WITHDREW");
  const others = d.edges.filter((e) => e.type !== "TRANSFER" && e.type !== "WITHDREW");
  const label = (id: string) => d.neighbours.find((x) => x.id === id)?.label || id;
  replace(
    root,
    el("h2", {}, n.label || n.key),
    el("p", { class: "muted" }, `${n.type} · ${n.key}`),
    n.role
      ? el(
          "div",
          { class: "role", dataset: { testid: "role" } },
          el("b", {}, `Role: ${n.role}`),
          n.score !== undefined ? ` · score ${n.score.toFixed(0)}/100` : "",
          n.community ? ` · community ${n.community}` : "",
          n.typologies?.length
            ? el(
                "div",
                { class: "typologies", dataset: { testid: "typologies" } },
                `Typologies: ${typologyText(n.typologies)}`,
              )
            : null,
          el("ul", {}, ...(n.reasons ?? []).map((r) => el("li", {}, r))),
        )
      : null,
    el(
      "table",
      { class: "props" },
      el(
        "tbody",
        {},
        ...props.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, formatProp(k, v)))),
      ),
    ),
    notesSection(n.id, ctx),
    el("h3", {}, `Sources (${d.sources.length})`),
    el(
      "ul",
      { class: "sources" },
      ...d.sources.slice(0, 20).map((s) => el("li", {}, `file ${s.file.slice(0, 12)}… line ${s.line}`)),
    ),
    el("h3", {}, `Transfers (${transfers.length})`),
    table(
      [
        { title: "Dir", value: (e) => (e.source === n.id ? "out" : "in") },
        { title: "Counterparty", value: (e) => label(e.source === n.id ? e.target : e.source) },
        { title: "Time", value: (e) => (typeof e.props.ts === "number" ? fmtTime(e.props.ts) : "") },
        { title: "Amount ₸", value: (e) => Number(e.props.amountKzt ?? 0), numeric: true },
        { title: "Purpose", value: (e) => String(e.props.purpose ?? "") },
        {
          title: "Source",
          value: (e) => (e.sources ?? []).map((s) => `${s.file.slice(0, 8)}:${s.line}`).join(", "),
        },
      ],
      transfers,
      { onRowClick: (e) => expand(e.source === n.id ? e.target : e.source), testId: "transfers" },
    ),
    others.length ? el("h3", {}, `Links (${others.length})`) : null,
    others.length
      ? el(
          "ul",
          {},
          ...others.map((e) => el("li", {}, `${e.type} ${label(e.source === n.id ? e.target : e.source)}`)),
        )
      : null,
    el("p", {}, el("button", { on: { click: () => expand(n.id) } }, "Expand neighbours")),
    ctx.can("trace") && n.type === "complaint"
      ? el(
          "button",
          { on: { click: () => ctx.navigate("/trace", { complaint: n.key }) } },
          "Trace this complaint",
        )
      : null,
    el(
      "p",
      { class: "muted" },
      `Total in: ${fmtKzt(sum(transfers.filter((e) => e.target === n.id)))} · out: ${fmtKzt(sum(transfers.filter((e) => e.source === n.id)))}`,
    ),
  );
}

/**
 * The notes on `target` (oldest first), and for roles that may write them a form that adds one and reloads the list.
 * `data-ready` turns "true" once the list has loaded.
 */
function notesSection(target: string, ctx: AppContext): HTMLElement {
  const heading = el("h3", {}, "Notes");
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
      heading.textContent = `Notes (${notes.length})`;
      replace(
        list,
        ...(notes.length ? notes.map(noteItem) : [el("li", { class: "muted" }, "No notes yet.")]),
      );
    } catch (err) {
      replace(list, el("li", { class: "muted" }, "Notes could not be loaded."));
      ctx.toast(`Notes: ${(err as Error).message}`, "error");
    }
    section.dataset.ready = "true";
  };
  if (ctx.can("notes")) {
    const text = el("textarea", { placeholder: "Add a note…", dataset: { testid: "note-text" } });
    const add = el("button", { dataset: { testid: "add-note" } }, "Add note");
    add.addEventListener("click", async () => {
      const value = text.value.trim();
      if (!value) return ctx.toast("Write the note first.");
      add.disabled = true;
      try {
        await api.addNote(target, value);
        text.value = "";
        await load();
      } catch (err) {
        ctx.toast(`Note not saved: ${(err as Error).message}`, "error");
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

/** Times are stored as epoch ms: show them as Almaty local time. */
function formatProp(key: string, value: unknown): string {
  if (typeof value === "number" && (/At$/.test(key) || key === "ts") && value > 1e11) return fmtTime(value);
  return String(value);
}

function sum(edges: { props: Record<string, unknown> }[]): number {
  return edges.reduce((s, e) => s + Number(e.props.amountKzt ?? 0), 0);
}
