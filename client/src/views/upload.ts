/**
 * Upload: drag and drop export files, see the detected kind / encoding / delimiter / column mapping with the first
 * rows, edit each file's mapping (sent per file), upload with a progress bar, read the validation report with
 * rejected rows.
 */
import { api, type Preview, type UploadJob } from "../api";
import type { AppContext, View } from "../app";
import { el, replace, table } from "../dom";

const FIELDS = [
  "",
  "txId",
  "ts",
  "fromAccount",
  "fromBank",
  "fromName",
  "fromId",
  "toAccount",
  "toBank",
  "toName",
  "toId",
  "amount",
  "currency",
  "rate",
  "channel",
  "purpose",
  "knp",
  "atmId",
  "country",
  "account",
  "debit",
  "credit",
  "counterpartyName",
  "counterpartyId",
  "counterpartyAccount",
  "counterpartyBank",
  "iin",
  "card",
  "phone",
  "deviceId",
  "ip",
  "event",
  "caseNo",
  "registeredAt",
  "victimIin",
  "victimName",
  "victimAccount",
  "loss",
  "scheme",
  "incidentAt",
  "bank",
  "name",
  "category",
];

interface Picked {
  file: File;
  preview?: Preview;
  edited: Record<string, string> | null;
}

export function view(ctx: AppContext): View {
  return {
    render(root) {
      if (!ctx.can("upload")) {
        root.append(el("p", { class: "error" }, "Your role cannot upload files."));
        return;
      }
      const picked: Picked[] = [];
      const list = el("div", { class: "picked" });
      const report = el("div", { class: "report", dataset: { testid: "upload-report" } });
      const progress = el("progress", { max: "1", value: "0", dataset: { testid: "upload-progress" } });
      const progressText = el("span", { class: "muted" });
      const input = el("input", {
        type: "file",
        multiple: true,
        accept: ".csv,.txt,text/csv",
        dataset: { testid: "file-input" },
      });
      const drop = el(
        "div",
        { class: "dropzone", dataset: { testid: "dropzone" } },
        "Drop bank exports here (CSV: statements, registers, linkage logs, complaints, watch-lists) or ",
        input,
      );
      const add = async (files: FileList | File[]) => {
        for (const file of Array.from(files)) {
          const p: Picked = { file, edited: null };
          picked.push(p);
          const form = new FormData();
          form.append("file", file.slice(0, 256 * 1024), file.name);
          try {
            p.preview = await api.preview(form);
          } catch (err) {
            ctx.toast(`${file.name}: ${(err as Error).message}`, "error");
          }
        }
        renderPicked();
      };
      drop.addEventListener("dragover", (e) => {
        e.preventDefault();
        drop.classList.add("over");
      });
      drop.addEventListener("dragleave", () => drop.classList.remove("over"));
      drop.addEventListener("drop", (e) => {
        e.preventDefault();
        drop.classList.remove("over");
        if (e.dataTransfer?.files) void add(e.dataTransfer.files);
      });
      input.addEventListener("change", () => input.files && void add(input.files));

      const renderPicked = () => {
        replace(
          list,
          ...picked.map((p) => {
            const pv = p.preview;
            if (!pv) return el("div", { class: "file" }, el("b", {}, p.file.name), " — could not be read");
            const header = pv.preview[0] ?? [];
            const mapping = p.edited ?? pv.mapping;
            return el(
              "div",
              { class: "file", dataset: { file: p.file.name } },
              el("b", {}, p.file.name),
              ` · ${pv.kind} · ${pv.encoding} · delimiter "${pv.delimiter === "\t" ? "TAB" : pv.delimiter}" · header on line ${pv.headerLine}`,
              el(
                "table",
                { class: "data preview" },
                el(
                  "thead",
                  {},
                  el("tr", {}, ...header.map((h) => el("th", {}, h))),
                  el(
                    "tr",
                    {},
                    ...header.map((h) => {
                      const sel = el(
                        "select",
                        {},
                        ...FIELDS.map((f) => el("option", { value: f }, f || "(ignore)")),
                      );
                      sel.value = mapping[h] ?? "";
                      sel.addEventListener("change", () => {
                        p.edited = { ...(p.edited ?? pv.mapping), [h]: sel.value };
                      });
                      return el("th", {}, sel);
                    }),
                  ),
                ),
                el(
                  "tbody",
                  {},
                  ...pv.preview.slice(1, 6).map((row) => el("tr", {}, ...row.map((c) => el("td", {}, c)))),
                ),
              ),
            );
          }),
        );
      };

      const start = el("button", { dataset: { testid: "start-upload" } }, "Upload and ingest");
      start.addEventListener("click", async () => {
        if (!picked.length) return ctx.toast("Pick files first.");
        const form = new FormData();
        // Each edited file's mapping goes under its own name; the others are detected on the server. A column set
        // to "(ignore)" is sent as "" (ignore it), not left out (which would let detection map it again).
        const mappings = Object.fromEntries(
          picked.flatMap((p) =>
            p.edited && p.preview ? [[p.file.name, { kind: p.preview.kind, columns: p.edited }]] : [],
          ),
        );
        if (Object.keys(mappings).length) form.append("mappings", JSON.stringify(mappings));
        for (const p of picked) form.append("files", p.file, p.file.name);
        start.disabled = true;
        try {
          const { id } = await api.startUpload(form);
          follow(id);
        } catch (err) {
          ctx.toast((err as Error).message, "error");
          start.disabled = false;
        }
      });

      const follow = (id: string) => {
        const es = new EventSource(`/api/uploads/${encodeURIComponent(id)}/events`);
        const onJob = (job: UploadJob) => {
          const p = job.progress;
          if (p?.bytesTotal) progress.value = Math.min(1, (p.bytesRead ?? 0) / p.bytesTotal);
          progressText.textContent = `${job.status}${p?.file ? ` · ${p.file}` : ""}${p?.rowsRead ? ` · ${p.rowsRead.toLocaleString("ru-RU")} rows` : ""}`;
          if (job.status === "done" || job.status === "failed") {
            es.close();
            start.disabled = false;
            progress.value = 1;
            showReport(report, job, id);
          }
        };
        es.onmessage = (e) => onJob(JSON.parse(e.data) as UploadJob);
        for (const name of ["progress", "done", "failed"])
          es.addEventListener(name, (e) => onJob(JSON.parse((e as MessageEvent).data) as UploadJob));
        es.onerror = async () => {
          es.close();
          // Fall back to polling when the event stream drops.
          for (;;) {
            const job = await api.upload(id);
            onJob(job);
            if (job.status === "done" || job.status === "failed") break;
            await new Promise((r) => setTimeout(r, 1000));
          }
        };
      };

      root.append(
        el("h1", {}, "Upload bank exports"),
        drop,
        list,
        el("p", {}, start, " ", progress, " ", progressText),
        report,
      );
    },
  };
}

function showReport(root: HTMLElement, job: UploadJob, id: string): void {
  if (job.status === "failed") {
    replace(
      root,
      el(
        "p",
        { class: "error", dataset: { testid: "upload-failed" } },
        `Upload failed: ${job.error ?? "unknown error"}`,
      ),
    );
    return;
  }
  const s = job.summary!;
  const rejects = s.files.flatMap((f) => f.rejects.map((r) => ({ file: f.file, ...r })));
  const link = el(
    "a",
    { href: `/api/uploads/${encodeURIComponent(id)}/rejects.csv` },
    "Download rejected rows (CSV)",
  );
  replace(
    root,
    el("h2", { dataset: { testid: "upload-done" } }, "Validation report"),
    table(
      [
        { title: "File", value: (f) => f.file },
        { title: "Kind", value: (f) => f.kind },
        { title: "Encoding", value: (f) => f.encoding },
        { title: "Rows", value: (f) => f.rowsRead, numeric: true },
        { title: "Accepted", value: (f) => f.accepted, numeric: true },
        { title: "Duplicates", value: (f) => f.duplicates, numeric: true },
        { title: "Rejected", value: (f) => f.rejected, numeric: true },
      ],
      s.files,
      { testId: "upload-files" },
    ),
    rejects.length
      ? el("h3", {}, `Rejected rows (${rejects.length}) `, link)
      : el("p", { class: "muted" }, "No rejected rows."),
    rejects.length
      ? table(
          [
            { title: "File", value: (r) => r.file },
            { title: "Line", value: (r) => r.line, numeric: true },
            { title: "Reason", value: (r) => r.reason },
          ],
          rejects.slice(0, 500),
        )
      : null,
  );
}
