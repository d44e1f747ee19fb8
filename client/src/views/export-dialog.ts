/** The export dialog: pick a format for the current selection, cluster or trace and download it. */
import { api } from "../api";
import type { AppContext } from "../app";
import { download, el } from "../dom";

const FORMATS: [string, string][] = [
  ["package", "Evidence package (.zip: graph files, provenance, report HTML + PDF, manifest)"],
  ["graphml", "GraphML (Gephi, yEd, i2 Analyst's Notebook)"],
  ["gexf", "GEXF (Gephi)"],
  ["csv", "CSV (nodes.csv + edges.csv, zipped)"],
  ["json", "JSON"],
];

export function openExportDialog(
  ctx: AppContext,
  selection: { cluster: string } | { trace: string } | { accounts: string[] },
): void {
  const choice = el(
    "select",
    { dataset: { testid: "export-format" } },
    ...FORMATS.map(([v, label]) => el("option", { value: v }, label)),
  );
  const status = el("p", { class: "muted", dataset: { testid: "export-status" } });
  const close = () => dialog.remove();
  const go = el("button", { dataset: { testid: "export-go" } }, "Export");
  go.addEventListener("click", async () => {
    go.disabled = true;
    status.textContent = "Exporting…";
    try {
      const { blob, name } = await api.exportFile({ selection, format: choice.value });
      download(name, blob, blob.type);
      status.textContent = `Exported ${name} (${blob.size.toLocaleString("ru-RU")} bytes). The export is recorded in the audit trail.`;
      status.dataset.done = name;
    } catch (err) {
      status.textContent = (err as Error).message;
    } finally {
      go.disabled = false;
    }
  });
  const what =
    "cluster" in selection
      ? `cluster ${selection.cluster}`
      : "trace" in selection
        ? `trace of ${selection.trace}`
        : `${selection.accounts.length} accounts`;
  const dialog = el(
    "div",
    { class: "modal", dataset: { testid: "export-dialog" } },
    el(
      "div",
      { class: "modal-body" },
      el("h2", {}, "Export"),
      el("p", {}, `Selection: ${what}`),
      choice,
      el("p", {}, go, " ", el("button", { on: { click: close } }, "Close")),
      status,
    ),
  );
  document.body.appendChild(dialog);
  void ctx;
}
