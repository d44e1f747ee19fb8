/**
 * The graph's legend, docked beside the canvas (never over it, so it never hides or swallows a click on a node):
 * accounts by role (circles), the other kinds by colour, square and glyph, what edge width and colour mean. It
 * collapses to a narrow strip; `onToggle` lets the canvas take the freed width.
 */
import type { EntityType } from "../../../model/graph";
import { t } from "../i18n";
import { OTHER_KINDS, ROLE_COLORS, ROLES, TYPE_COLORS, TYPE_GLYPH } from "./palette";

function item(color: string, shape: "circle" | "square", text: string, glyph = ""): HTMLElement {
  const row = document.createElement("div");
  row.className = "legend-item";
  const sw = document.createElement("i");
  sw.className = shape === "square" ? "sw square" : "sw";
  sw.style.background = color;
  row.append(sw, document.createTextNode(` ${glyph ? `${glyph} ` : ""}${text}`));
  return row;
}

function heading(text: string): HTMLElement {
  const h = document.createElement("div");
  h.className = "legend-heading";
  h.textContent = text;
  return h;
}

/** The legend panel; starts open unless `collapsed`. */
export function graphLegend(
  opts: { collapsed?: boolean; onToggle?: (open: boolean) => void } = {},
): HTMLElement {
  const box = document.createElement("details");
  box.className = "legend";
  box.dataset.testid = "legend";
  box.open = !opts.collapsed;
  const summary = document.createElement("summary");
  summary.textContent = t("graph.legend");
  summary.dataset.testid = "legend-toggle";
  const body = document.createElement("div");
  body.className = "legend-body";
  body.append(
    heading(t("graph.legendAccounts")),
    ...ROLES.map((r) => item(ROLE_COLORS[r], "circle", t(`accountRole.${r}`))),
    heading(t("graph.legendOthers")),
    ...OTHER_KINDS.map((k: EntityType) => item(TYPE_COLORS[k], "square", t(`entity.${k}`), TYPE_GLYPH[k])),
    heading(t("graph.legendEdges")),
    textRow(t("graph.legendEdgeWidth")),
    textRow(t("graph.legendTraced")),
    textRow(`\u2744 ${t("graph.legendFreeze")}`),
    textRow(t("graph.legendLarge"), "muted"),
  );
  box.append(summary, body);
  box.addEventListener("toggle", () => opts.onToggle?.(box.open));
  return box;
}

function textRow(text: string, cls = "legend-item"): HTMLElement {
  const d = document.createElement("div");
  d.className = cls;
  d.textContent = text;
  return d;
}
