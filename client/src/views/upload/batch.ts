/**
 * Upload at real scale: picking a whole folder (`webkitdirectory`) or a zip archive (unpacked on the server), the
 * compact one-line status of each picked file, and the part of the report that says what the upload added to the
 * store as opposed to what was already there (the job summary's `store` block), with the files set aside and why.
 */
import type { UploadJob } from "../../api";
import { el } from "../../dom";
import { formatNumber, t } from "../../i18n";

/** A file the server unpacks (no preview: detection runs on its files after unpacking). */
export function isZip(file: File): boolean {
  return /\.zip$/i.test(file.name);
}

/** Files of a picked folder worth sending: hidden files and system leftovers are left out. */
export function folderFiles(files: FileList | File[]): File[] {
  return Array.from(files).filter((f) => {
    const parts = (f.webkitRelativePath || f.name).split("/");
    return !parts.some((p) => p.startsWith(".") || p === "__MACOSX") && f.size > 0;
  });
}

/** A button that opens the folder picker and hands over the folder's files. */
export function folderPicker(onFiles: (files: File[]) => void): HTMLElement {
  const input = el("input", { type: "file", multiple: true, dataset: { testid: "folder-input" } });
  input.webkitdirectory = true;
  input.hidden = true;
  input.addEventListener("change", () => {
    if (input.files) onFiles(folderFiles(input.files));
    input.value = "";
  });
  const button = el("button", { type: "button", dataset: { testid: "pick-folder" } }, t("upload.pickFolder"));
  button.addEventListener("click", () => input.click());
  return el("span", {}, button, input);
}

/**
 * Data rows of a text export: its lines after the header line, blank ones not counted (null for a workbook or an
 * XML statement, whose rows are not lines). Read as a stream, so a large file never sits in memory whole.
 */
export async function countRows(file: File, headerLine: number): Promise<number | null> {
  if (/\.(xlsx|xml|zip)$/i.test(file.name)) return null;
  let lines = 0;
  let filled = false;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const b of value) {
      if (b === 0x0a) {
        if (filled) lines++;
        filled = false;
      } else if (b !== 0x0d && b !== 0x20 && b !== 0x3b && b !== 0x2c && b !== 0x09) filled = true;
    }
  }
  if (filled) lines++;
  return Math.max(0, lines - headerLine);
}

/** "1,2 МБ" */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return t("upload.bytes", { n: formatNumber(bytes) });
  if (bytes < 1024 * 1024)
    return t("upload.kib", { n: formatNumber(bytes / 1024, { maximumFractionDigits: 0 }) });
  return t("upload.mib", { n: formatNumber(bytes / 1024 / 1024, { maximumFractionDigits: 1 }) });
}

export type FileState = "reading" | "ready" | "needsMapping" | "archive";

/** One line above the list: how many files, and how many are ready, need mapping or are archives. */
export function pickedSummary(states: FileState[], bytes: number): HTMLElement {
  const n = (s: FileState) => states.filter((x) => x === s).length;
  const parts = [
    t("upload.filesPicked", { count: states.length }),
    fileSize(bytes),
    t("upload.stateReady", { count: n("ready") }),
  ];
  if (n("needsMapping")) parts.push(t("upload.stateNeedsMapping", { count: n("needsMapping") }));
  if (n("archive")) parts.push(t("upload.stateArchives", { count: n("archive") }));
  if (n("reading")) parts.push(t("upload.stateReading", { count: n("reading") }));
  return el("p", { class: "picked-summary", dataset: { testid: "picked-summary" } }, parts.join(" · "));
}

/** The status cell of a file's line. */
export function stateBadge(state: FileState): HTMLElement {
  const text = {
    reading: t("upload.stateReadingOne"),
    ready: t("upload.stateReadyOne"),
    needsMapping: t("upload.stateNeedsMappingOne"),
    archive: t("upload.stateArchiveOne"),
  }[state];
  return el("span", { class: `state ${state}`, dataset: { testid: "file-state", state } }, text);
}

/** The counts the store block reports, in the order they are told, with their message keys. */
const ADDED = [
  ["transfers", "upload.addedTransfers"],
  ["withdrawals", "upload.addedWithdrawals"],
  ["accounts", "upload.addedAccounts"],
  ["persons", "upload.addedPersons"],
  ["companies", "upload.addedCompanies"],
  ["complaints", "upload.addedComplaints"],
  // Owners, controllers, cards on accounts and identifiers used: a linkage file adds these between known entities.
  ["links", "upload.addedLinks"],
  ["cards", "upload.addedCards"],
  ["phones", "upload.addedPhones"],
  ["devices", "upload.addedDevices"],
  ["ips", "upload.addedIps"],
  ["wallets", "upload.addedWallets"],
] as const;

/**
 * What was new in the store and what was there already; the files set aside (by the server, or in the browser
 * because they could not be read as they were) with the reason.
 */
export function storeReport(job: UploadJob, keptBack: { name: string; reason: string }[]): HTMLElement {
  const store = job.summary?.store;
  const setAside = [...(job.setAside ?? []), ...keptBack];
  const box = el("section", { class: "store-report", dataset: { testid: "store-report" } });
  if (store) {
    const added = ADDED.filter(([k]) => (store.added[k] ?? 0) > 0).map(([k, key]) =>
      t(key, { count: store.added[k]! }),
    );
    const accepted = job.summary?.totals?.accepted ?? 0;
    box.append(
      store.nothingNew
        ? el(
            "p",
            { class: "nothing-new", dataset: { testid: "nothing-new" } },
            t("upload.nothingNew", { count: accepted }),
          )
        : el(
            "p",
            { dataset: { testid: "added" } },
            t("upload.newInStore", {
              count: accepted,
              // Only new sources: the same transfers seen in another bank's export.
              what: added.length ? added.join(", ") : t("upload.addedSourcesOnly"),
            }),
          ),
    );
  }
  if (setAside.length)
    box.append(
      el("h3", {}, t("upload.setAside", { count: setAside.length })),
      el(
        "ul",
        { dataset: { testid: "set-aside" } },
        ...setAside.map((f) =>
          el("li", { dataset: { file: f.name } }, el("b", {}, f.name), ` — ${f.reason}`),
        ),
      ),
    );
  return box;
}
