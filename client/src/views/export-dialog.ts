/** The export dialog: pick a format for the current selection, cluster or trace and download it. */
import { api } from "../api";
import type { AppContext } from "../app";
import { download, el } from "../dom";
import { errorMessage } from "../i18n/errors";
import { formatNumber, t, type MessageKey } from "../i18n/index";

const FORMATS: [string, MessageKey][] = [
  ["package", "export.package"],
  ["graphml", "export.graphml"],
  ["gexf", "export.gexf"],
  ["csv", "export.csv"],
  ["json", "export.json"],
];

export function openExportDialog(
  ctx: AppContext,
  selection: { cluster: string } | { trace: string } | { accounts: string[] },
): void {
  const choice = el(
    "select",
    { dataset: { testid: "export-format" } },
    ...FORMATS.map(([v, label]) => el("option", { value: v }, t(label))),
  );
  const status = el("p", { class: "muted", dataset: { testid: "export-status" } });
  const close = () => dialog.remove();
  const go = el("button", { dataset: { testid: "export-go" } }, t("export.button"));
  go.addEventListener("click", async () => {
    go.disabled = true;
    status.textContent = t("export.working");
    try {
      const { blob, name } = await api.exportFile({ selection, format: choice.value });
      download(name, blob, blob.type);
      status.textContent = t("export.done", { name, size: formatNumber(blob.size) });
      status.dataset.done = name;
    } catch (err) {
      status.textContent = errorMessage(err);
    } finally {
      go.disabled = false;
    }
  });
  const what =
    "cluster" in selection
      ? t("export.whatCluster", { id: selection.cluster })
      : "trace" in selection
        ? t("export.whatTrace", { id: selection.trace })
        : t("export.whatAccounts", { count: selection.accounts.length });
  const dialog = el(
    "div",
    { class: "modal", dataset: { testid: "export-dialog" } },
    el(
      "div",
      { class: "modal-body" },
      el("h2", {}, t("export.title")),
      el("p", {}, t("export.selection", { what })),
      choice,
      el("p", {}, go, " ", el("button", { on: { click: close } }, t("common.close"))),
      status,
    ),
  );
  document.body.appendChild(dialog);
  void ctx;
}
