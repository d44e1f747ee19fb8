/**
 * Upload: drag and drop export files and see, per file, the detected kind, encoding, delimiter and header line, and
 * for each column the field it is read as (a human label) with the detection's confidence, plus the fields nothing
 * was found for or several columns claim. The user can change the kind and any column's field; the choice is sent
 * as that file's mapping, can be saved as a named mapping, and a saved mapping for the same header is applied by
 * default (with a note and a way to drop it). A header that lacks or doubles a required field is shown with what is
 * missing (the server previews it as incomplete); a file with no known heading at all by its header row as read
 * here; either way the user maps it by hand, and it is not uploaded until detection reads it with that mapping.
 * Then upload with a progress bar and read the validation report.
 */
import {
  api,
  type ColumnGuess,
  type ColumnMapping,
  type NamedMapping,
  type Preview,
  type UploadJob,
} from "../api";
import type { AppContext, View } from "../app";
import { el, rejectText, replace, table } from "../dom";
import {
  countRows,
  type FileState,
  fileSize,
  folderPicker,
  isZip,
  pickedSummary,
  stateBadge,
  storeReport,
} from "./upload/batch";
import { errorMessage } from "../i18n/errors";
import { formatNumber, t } from "../i18n/index";
import { jobStatusLabel } from "../i18n/labels";
import { confidenceLabel, fieldLabel, KIND_LABELS, kindLabel, requirementLabel } from "../fields";

/** The head of a file is enough for detection and the preview rows. */
const PREVIEW_BYTES = 256 * 1024;
const KINDS = Object.keys(KIND_LABELS);
/** What the browser reads of a file's head to find its header row when detection could not. */
const HEAD_BYTES = 64 * 1024;
const DELIMITERS = [";", ",", "\t", "|"];

/** A file's header row and first rows as read in the browser (for mapping a file detection refused by hand). */
interface FileHead {
  header: string[];
  rows: string[][];
}

/** One picked file and what the user made of its mapping. */
interface Picked {
  file: File;
  /** Detection without any mapping (what the file says by itself). */
  detected?: Preview;
  /** The latest successful preview, with the mapping below applied. */
  current?: Preview;
  /** The header row read in the browser, for a file detection refused by itself. */
  head?: FileHead;
  /** The fields of every kind, from the server (for a file no preview has described yet). */
  fields?: Record<string, string[]>;
  /** Saved mappings whose header is this file's. */
  offers: NamedMapping[];
  kind?: string;
  /** Columns the user (or a saved mapping) set: header as in the file → field ("" ignores it). */
  overrides: Record<string, string>;
  /** Headers the user changed by hand (shown as "set by you"). */
  edited: Set<string>;
  /** The saved mapping in use, if any. */
  using: NamedMapping | null;
  /** Why the latest preview with the user's mapping failed (the server's words). */
  problem: string | null;
  busy: boolean;
  /** Its columns and first rows are shown (by default only for a few files, or one that needs mapping). */
  open?: boolean;
  /** Data rows counted in the browser (text exports), once detection found the header. */
  rows?: number | null;
}

/** A header cell as the server's header signature compares it. */
function sameHeader(h: string): string {
  let s = h
    .normalize("NFKC")
    .replace(/^\ufeff/, "")
    .trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
  return s.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
}

/** One line split into trimmed cells (quotes understood within the line: enough for a header row). */
function splitCells(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch !== '"') cur += ch;
      else if (line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (line.startsWith(delimiter, i)) {
      cells.push(cur.trim());
      cur = "";
      i += delimiter.length - 1;
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

/**
 * The header row of a text export: with the delimiter that gives the most lines one common cell count (2 or more),
 * the first line with that count (lines above it are a title or preamble). Null for a binary file (an Excel
 * workbook is a zip) or a text with no such lines.
 */
async function readHead(file: File): Promise<FileHead | null> {
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return null;
  let text = new TextDecoder("utf-8").decode(bytes);
  // Not UTF-8: Kazakh and Russian exports are otherwise Windows-1251.
  if (text.includes("\ufffd")) text = new TextDecoder("windows-1251").decode(bytes);
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\n|\r/);
  if (file.size > HEAD_BYTES) lines.pop(); // cut off mid-line
  const filled = lines.filter((l) => l.trim() !== "").slice(0, 100);
  let best: { delimiter: string; cells: number; lines: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const l of filled) {
      const n = splitCells(l, delimiter).length;
      if (n >= 2) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    for (const [cells, n] of counts) if (!best || n > best.lines) best = { delimiter, cells, lines: n };
  }
  if (!best) return null;
  const { delimiter, cells } = best;
  const at = filled.findIndex((l) => splitCells(l, delimiter).length === cells);
  return {
    header: splitCells(filled[at]!, delimiter),
    rows: filled.slice(at + 1, at + 4).map((l) => splitCells(l, delimiter)),
  };
}

/** Header cells as the signature compares them, trailing empty cells dropped. */
function headerKey(header: readonly string[]): string {
  const cells = header.map(sameHeader);
  while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return JSON.stringify(cells);
}

/** The columns to show: the latest preview's, or the browser-read header's (nothing recognised). */
function columnsOf(p: Picked): ColumnGuess[] {
  if (p.current) return p.current.columns;
  return (p.head?.header ?? []).map((header, index) => ({
    index,
    header,
    field: null,
    confidence: 0,
    candidates: [],
  }));
}

/** The fields a column of `kind` can be mapped to. */
function fieldsFor(p: Picked, kind: string): readonly string[] {
  const previewed: Record<string, string[]> | undefined = p.current?.fields;
  return previewed?.[kind] ?? p.fields?.[kind] ?? [];
}

/** The mapping to send for a file, or undefined when detection alone decides. */
function mappingOf(p: Picked): ColumnMapping | undefined {
  const kindChanged = p.kind !== undefined && p.kind !== p.detected?.kind;
  if (!kindChanged && Object.keys(p.overrides).length === 0) return undefined;
  // p.kind is one of KINDS (the kind select's options), the server's export kinds.
  return { kind: p.kind as ColumnMapping["kind"], columns: { ...p.overrides } };
}

/** Every column of the current preview with the field it is read as ("" for none). */
function fullColumns(p: Picked): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columnsOf(p)) out[c.header] = p.overrides[c.header] ?? c.field ?? "";
  return out;
}

export function view(ctx: AppContext): View {
  return {
    render(root) {
      const picked: Picked[] = [];
      const list = el("div", { class: "picked", dataset: { testid: "picked" } });
      const report = el("div", { class: "report", dataset: { testid: "upload-report" } });
      const progress = el("progress", { max: "1", value: "0", dataset: { testid: "upload-progress" } });
      const progressText = el("span", { class: "muted" });
      const savedList = el("div", { class: "saved-mappings", dataset: { testid: "saved-mappings" } });
      const input = el("input", {
        type: "file",
        multiple: true,
        accept: ".csv,.tsv,.txt,.xlsx,.xml,.sta,.mt940,.940,.zip,text/csv,application/zip",
        dataset: { testid: "file-input" },
      });
      const drop = el(
        "div",
        { class: "dropzone", dataset: { testid: "dropzone" } },
        t("upload.drop"),
        input,
        " ",
        folderPicker((files) => void add(files)),
      );
      const summary = el("div", { class: "picked-head" });
      /** Files left out of the last upload because they could not be read as they were, and why. */
      let keptBack: { name: string; reason: string }[] = [];
      const start = el("button", { dataset: { testid: "start-upload" } }, t("upload.start"));
      const syncStart = () => {
        start.disabled = picked.some((p) => p.busy);
      };

      /**
       * Preview a file with its current mapping; on failure keep the last good preview and say why. The first time,
       * a saved mapping for the file's header is then applied in the same busy spell, so the page never shows the
       * file as ready without it.
       */
      const refresh = async (p: Picked, first = false) => {
        p.busy = true;
        syncStart();
        renderFile(p);
        await previewOnce(p);
        const offer = first ? p.offers[0] : undefined;
        if (offer) {
          useSaved(p, offer);
          renderFile(p);
          await previewOnce(p);
        }
        p.busy = false;
        syncStart();
        renderFile(p);
        if (first && p.current && p.rows === undefined) {
          p.rows = await countRows(p.file, p.current.headerLine).catch(() => null);
          renderFile(p);
        }
      };

      /** One preview request with the file's current mapping; updates the file's state, never its busy flag. */
      const previewOnce = async (p: Picked) => {
        const form = new FormData();
        const mapping = mappingOf(p);
        if (mapping) form.append("mapping", JSON.stringify(mapping));
        form.append("file", p.file.slice(0, PREVIEW_BYTES), p.file.name);
        try {
          const pv = await api.preview(form);
          if (!mapping && !p.detected) p.detected = pv;
          p.current = pv;
          for (const m of pv.savedMappings) if (!p.offers.some((o) => o.name === m.name)) p.offers.push(m);
          p.kind = pv.kind;
          p.problem = null;
        } catch (err) {
          p.problem = errorMessage(err);
          // Detection refused the file by itself: show its own header row so the user can map it by hand, and
          // offer the saved mappings made for that header.
          if (!p.current && !p.head) await readOwnHeader(p);
        }
      };

      const readOwnHeader = async (p: Picked) => {
        p.head = (await readHead(p.file).catch(() => null)) ?? undefined;
        if (!p.head) return;
        p.kind ??= KINDS[0];
        const key = headerKey(p.head.header);
        const saved = await api.mappings().catch(() => null);
        p.fields = saved?.fields;
        const all = saved?.mappings ?? [];
        p.offers = all.filter((m) => headerKey(m.header) === key).sort((a, b) => b.createdAt - a.createdAt);
      };

      /**
       * Use a saved mapping for a file: its kind and every column it names, keyed by this file's own headers (the
       * signature matched, so they differ from the saved ones at most in case, spacing or ё/е).
       */
      const useSaved = (p: Picked, m: NamedMapping) => {
        const saved = new Map(Object.entries(m.columns).map(([h, f]) => [sameHeader(h), f]));
        p.using = m;
        p.kind = m.kind;
        p.overrides = {};
        for (const c of columnsOf(p)) {
          const f = saved.get(sameHeader(c.header));
          if (f !== undefined) p.overrides[c.header] = f;
        }
        p.edited = new Set();
      };

      const add = async (files: FileList | File[]) => {
        const added = Array.from(files).map((file): Picked => ({
          file,
          overrides: {},
          edited: new Set(),
          using: null,
          offers: [],
          problem: null,
          busy: !isZip(file),
        }));
        picked.push(...added);
        renderPicked();
        for (const p of added) if (!isZip(p.file)) await refresh(p, true);
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

      const boxes = new Map<Picked, HTMLElement>();
      const stateOf = (p: Picked): FileState =>
        isZip(p.file)
          ? "archive"
          : p.busy
            ? "reading"
            : p.problem || !p.current || p.current.complete === false
              ? "needsMapping"
              : "ready";
      const renderSummary = () =>
        replace(
          summary,
          picked.length
            ? pickedSummary(
                picked.map(stateOf),
                picked.reduce((s, p) => s + p.file.size, 0),
              )
            : null,
        );
      const renderPicked = () => {
        renderSummary();
        replace(
          list,
          ...picked.map((p) => {
            let box = boxes.get(p);
            if (!box) {
              box = el("div", { class: "file", dataset: { testid: "preview-file", file: p.file.name } });
              boxes.set(p, box);
              renderFile(p);
            }
            return box;
          }),
        );
      };

      const renderFile = (p: Picked) => {
        const box = boxes.get(p);
        if (!box) return;
        box.dataset.ready = String(!p.busy);
        renderSummary();
        const remove = el(
          "button",
          { class: "remove", dataset: { testid: "remove-file" }, disabled: p.busy },
          t("upload.remove"),
        );
        remove.addEventListener("click", () => {
          picked.splice(picked.indexOf(p), 1);
          boxes.delete(p);
          renderPicked();
          syncStart();
        });
        const state = stateOf(p);
        box.dataset.state = state;
        if (state === "archive") {
          replace(
            box,
            el(
              "div",
              { class: "file-line" },
              el("b", {}, p.file.name),
              el("span", { class: "muted" }, t("upload.archiveNote")),
              el("span", { class: "muted" }, fileSize(p.file.size)),
              stateBadge(state),
              remove,
            ),
          );
          return;
        }
        const pv = p.current;
        if (!pv && !p.head) {
          replace(
            box,
            el(
              "div",
              { class: "file-line" },
              el("b", {}, p.file.name),
              p.busy
                ? t("upload.reading")
                : t("upload.unreadable", { reason: p.problem ?? t("upload.unknownError") }),
              stateBadge(state),
              p.busy ? null : remove,
            ),
          );
          return;
        }
        const kind = p.kind ?? pv?.kind ?? KINDS[0]!;
        const kindSelect = el(
          "select",
          { dataset: { testid: "kind-select" }, disabled: p.busy },
          ...KINDS.map((k) => el("option", { value: k }, kindLabel(k))),
        );
        kindSelect.value = kind;
        kindSelect.addEventListener("change", () => {
          p.kind = kindSelect.value;
          // Keep only the user's choices that exist in the new kind; detection maps the rest for it.
          const valid = new Set(fieldsFor(p, p.kind));
          p.overrides = Object.fromEntries(
            Object.entries(p.overrides).filter(([h, f]) => p.edited.has(h) && (f === "" || valid.has(f))),
          );
          p.edited = new Set(Object.keys(p.overrides));
          p.using = null;
          void refresh(p);
        });
        const delimiter = pv?.delimiter === "\t" ? t("upload.tab") : (pv?.delimiter ?? "");
        // Few files: everything shown. Many: one line each, the columns on demand (or when mapping is needed).
        const open = p.open ?? (picked.length <= 5 || state === "needsMapping");
        const toggle = el(
          "button",
          { type: "button", dataset: { testid: "toggle-preview", open: String(open) } },
          open ? t("upload.hidePreview") : t("upload.showPreview"),
        );
        toggle.addEventListener("click", () => {
          p.open = !open;
          renderFile(p);
        });
        replace(
          box,
          el(
            "div",
            { class: "file-line" },
            el("b", {}, p.file.name),
            kindSelect,
            el(
              "span",
              { class: "muted" },
              pv
                ? t("upload.detected", { encoding: pv.encoding, delimiter, line: String(pv.headerLine) })
                : t("upload.notRecognised"),
            ),
            el("span", { class: "muted" }, fileSize(p.file.size)),
            typeof p.rows === "number"
              ? el(
                  "span",
                  { class: "muted", dataset: { testid: "file-rows" } },
                  t("upload.rowsCounted", { count: p.rows }),
                )
              : null,
            stateBadge(state),
            toggle,
            remove,
          ),
          open ? savedNote(p) : null,
          open ? problems(p, kind) : null,
          open ? columnsTable(p, kind) : null,
          open ? saveForm(p, kind) : null,
        );
      };

      /** "Using saved mapping X" with a way to drop it, or the offer of saved mappings for this header. */
      const savedNote = (p: Picked): HTMLElement | null => {
        const offers = p.offers;
        if (p.using) {
          const dropIt = el(
            "button",
            { dataset: { testid: "drop-saved" }, disabled: p.busy },
            t("upload.dropSaved"),
          );
          dropIt.addEventListener("click", () => {
            p.using = null;
            p.overrides = {};
            p.edited = new Set();
            p.kind = p.detected?.kind ?? p.kind;
            // A file detection refused goes back to its own header row, unmapped.
            if (!p.detected) p.current = undefined;
            void refresh(p);
          });
          return el(
            "p",
            { class: "note", dataset: { testid: "saved-mapping-note" } },
            t("upload.usingSaved", { name: p.using.name, by: p.using.createdBy }),
            dropIt,
          );
        }
        if (offers.length === 0) return null;
        const choose = el(
          "select",
          { dataset: { testid: "saved-choice" } },
          ...offers.map((m) => el("option", { value: m.name }, m.name)),
        );
        const use = el(
          "button",
          { dataset: { testid: "use-saved" }, disabled: p.busy },
          t("upload.useSaved"),
        );
        use.addEventListener("click", () => {
          const m = offers.find((o) => o.name === choose.value);
          if (m) {
            useSaved(p, m);
            void refresh(p);
          }
        });
        return el(
          "p",
          { class: "note", dataset: { testid: "saved-mapping-offer" } },
          offers.length === 1 ? t("upload.offerOne") : t("upload.offerMany"),
          choose,
          " ",
          use,
        );
      };

      const problems = (p: Picked, kind: string): HTMLElement | null => {
        const pv = p.current;
        const lines: string[] = [];
        const mapped = Object.keys(p.overrides).length > 0;
        const incomplete = !pv || pv.complete === false;
        const why = !incomplete
          ? t("upload.cannotUse")
          : mapped
            ? t("upload.notYet")
            : t("upload.notByItself");
        if (p.problem) lines.push(t("upload.problem", { why, problem: p.problem }));
        else if (pv) {
          if (incomplete) lines.push(t("upload.sayBelow", { why }));
          if (pv.missing?.length)
            lines.push(
              t("upload.missing", { fields: pv.missing.map((m) => requirementLabel(m, kind)).join(", ") }),
            );
          for (const a of pv.ambiguous ?? [])
            lines.push(
              t("upload.ambiguous", {
                field: fieldLabel(a.field, kind),
                columns: a.columns.map((c) => `«${c}»`).join(t("upload.and")),
              }),
            );
        }
        if (lines.length === 0) return null;
        return el(
          "div",
          {
            class: p.problem || incomplete ? "error" : "warning",
            dataset: { testid: "mapping-problems" },
          },
          ...lines.map((l) => el("p", {}, l)),
        );
      };

      const columnsTable = (p: Picked, kind: string): HTMLElement => {
        const fields = fieldsFor(p, kind);
        const columns = columnsOf(p);
        const rows = p.current?.preview.slice(1, 4) ?? p.head?.rows ?? [];
        return el(
          "table",
          { class: "data preview", dataset: { testid: "columns" } },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", {}, t("upload.column")),
              el("th", {}, t("upload.readAs")),
              el("th", {}, t("upload.confidence")),
              el("th", {}, t("upload.firstValues")),
            ),
          ),
          el(
            "tbody",
            {},
            ...columns.map((c) => {
              const chosen = p.overrides[c.header] ?? c.field ?? "";
              const sel = el(
                "select",
                { dataset: { testid: "column-field" }, disabled: p.busy },
                el("option", { value: "" }, t("upload.ignore")),
                ...fields.map((f) => el("option", { value: f }, fieldLabel(f, kind))),
              );
              sel.value = chosen;
              sel.addEventListener("change", () => {
                const field = sel.value;
                // One column per field: a field taken from another column leaves that column unread.
                if (field !== "") {
                  for (const other of columns) {
                    const theirs = p.overrides[other.header] ?? other.field ?? "";
                    if (other.header !== c.header && theirs === field) {
                      p.overrides[other.header] = "";
                      p.edited.add(other.header);
                    }
                  }
                }
                p.overrides[c.header] = field;
                p.edited.add(c.header);
                void refresh(p);
              });
              const how = p.edited.has(c.header)
                ? t("upload.setByYou")
                : p.using && Object.keys(p.using.columns).some((h) => sameHeader(h) === sameHeader(c.header))
                  ? t("upload.savedMapping")
                  : !p.current
                    ? t("upload.notRecognisedShort")
                    : chosen === ""
                      ? t("upload.notRead")
                      : confidenceLabel(c.confidence);
              return el(
                "tr",
                { dataset: { testid: "column", header: c.header } },
                el("td", {}, c.header),
                el("td", {}, sel),
                el("td", { dataset: { testid: "confidence" } }, how),
                el("td", { class: "muted" }, rows.map((r) => r[c.index] ?? "").join(" · ")),
              );
            }),
          ),
        );
      };

      const saveForm = (p: Picked, kind: string): HTMLElement | null => {
        if (!ctx.can("mappings") || !p.current || p.current.complete === false) return null;
        const name = el("input", {
          type: "text",
          placeholder: t("upload.mappingName"),
          value: p.using?.name ?? "",
          dataset: { testid: "mapping-name" },
        });
        const save = el(
          "button",
          { dataset: { testid: "save-mapping" }, disabled: p.busy },
          t("upload.saveMapping"),
        );
        save.addEventListener("click", async () => {
          const pv = p.current!;
          const body = {
            name: name.value.trim(),
            kind,
            header: pv.preview[0] ?? pv.columns.map((c) => c.header),
            columns: fullColumns(p),
          };
          if (!body.name) return ctx.toast(t("upload.nameFirst"), "error");
          try {
            let m: NamedMapping;
            try {
              m = await api.saveMapping(body);
            } catch (err) {
              if ((err as { status?: number }).status !== 409) throw err;
              if (!confirm(t("upload.replaceMapping", { name: body.name }))) return;
              m = await api.saveMapping({ ...body, replace: true });
            }
            ctx.toast(t("upload.savedToast", { name: m.name }));
            // Every picked file with this header is offered it from now on; this file uses it.
            for (const q of picked) {
              if (q.current?.signature !== m.signature) continue;
              q.offers = [m, ...q.offers.filter((o) => o.name !== m.name)];
              if (q === p) {
                p.using = m;
                p.edited = new Set();
              }
              renderFile(q);
            }
            void loadSaved();
          } catch (err) {
            ctx.toast(errorMessage(err), "error");
          }
        });
        return el("p", {}, name, " ", save);
      };

      const loadSaved = async () => {
        try {
          const { mappings } = await api.mappings();
          replace(
            savedList,
            el("h2", {}, t("upload.savedMappings")),
            mappings.length === 0
              ? el("p", { class: "muted" }, t("upload.noneSaved"))
              : el(
                  "ul",
                  {},
                  ...mappings.map((m) => {
                    const del = ctx.can("mappings")
                      ? el("button", { dataset: { testid: "delete-mapping" } }, t("common.delete"))
                      : null;
                    del?.addEventListener("click", async () => {
                      try {
                        await api.deleteMapping(m.name);
                        for (const q of picked) {
                          q.offers = q.offers.filter((o) => o.name !== m.name);
                          if (q.using?.name === m.name) q.using = null;
                          renderFile(q);
                        }
                        ctx.toast(t("upload.deletedToast", { name: m.name }));
                        void loadSaved();
                      } catch (err) {
                        ctx.toast(errorMessage(err), "error");
                      }
                    });
                    return el(
                      "li",
                      { dataset: { testid: "saved-mapping", name: m.name } },
                      el("b", {}, m.name),
                      t("upload.savedLine", {
                        kind: kindLabel(m.kind),
                        count: m.header.length,
                        by: m.createdBy,
                      }),
                      del,
                    );
                  }),
                ),
          );
        } catch (err) {
          replace(
            savedList,
            el("p", { class: "error" }, t("upload.savedMappingsError", { message: errorMessage(err) })),
          );
        }
      };

      start.addEventListener("click", async () => {
        if (!picked.length) return ctx.toast(t("upload.pickFirst"));
        // A file that cannot be read as it is stays here, set aside, while the others go in.
        const broken = picked.filter(
          (p) => !isZip(p.file) && (p.problem || !p.current || p.current.complete === false),
        );
        if (broken.length === picked.length)
          return ctx.toast(
            t("upload.mapOrRemove", { files: broken.map((p) => p.file.name).join(", ") }),
            "error",
          );
        const sending = picked.filter((p) => !broken.includes(p));
        keptBack = broken.map((p) => ({
          name: p.file.name,
          reason: p.problem ?? t("upload.keptBackReason"),
        }));
        const form = new FormData();
        // A file whose kind or columns were changed (or took a saved mapping) is read with its own mapping; the
        // others are detected on the server. A column set to "(ignore)" is sent as "" so detection cannot map it.
        const mappings = Object.fromEntries(
          sending.flatMap((p) => {
            const m = mappingOf(p);
            return m ? [[p.file.name, m]] : [];
          }),
        );
        if (Object.keys(mappings).length) form.append("mappings", JSON.stringify(mappings));
        for (const p of sending) form.append("files", p.file, p.file.name);
        start.disabled = true;
        try {
          const { id } = await api.startUpload(form);
          follow(id);
        } catch (err) {
          ctx.toast(errorMessage(err), "error");
          syncStart();
        }
      });

      const follow = (id: string) => {
        const es = new EventSource(`/api/uploads/${encodeURIComponent(id)}/events`);
        const onJob = (job: UploadJob) => {
          const p = job.progress;
          if (p?.bytesTotal) progress.value = Math.min(1, (p.bytesRead ?? 0) / p.bytesTotal);
          progressText.textContent = `${jobStatusLabel(job.status)}${p?.file ? ` · ${p.file}` : ""}${p?.rowsRead ? t("upload.rowsProgress", { count: formatNumber(p.rowsRead) }) : ""}`;
          if (job.status === "done" || job.status === "failed") {
            es.close();
            syncStart();
            progress.value = 1;
            showReport(report, job, id);
            if (job.status === "done") report.prepend(storeReport(job, keptBack));
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
        el("h1", {}, t("upload.title")),
        drop,
        summary,
        el("p", {}, start, " ", progress, " ", progressText),
        list,
        report,
        savedList,
      );
      void loadSaved();
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
        t("upload.failed", { error: job.error ?? t("upload.unknownError") }),
      ),
    );
    return;
  }
  const s = job.summary!;
  const rejects = s.files.flatMap((f) => f.rejects.map((r) => ({ file: f.file, ...r })));
  const link = el(
    "a",
    { href: `/api/uploads/${encodeURIComponent(id)}/rejects.csv` },
    t("upload.downloadRejects"),
  );
  replace(
    root,
    el("h2", { dataset: { testid: "upload-done" } }, t("upload.report")),
    table(
      [
        { title: t("col.file"), value: (f) => f.file },
        { title: t("col.kind"), value: (f) => kindLabel(f.kind) },
        { title: t("col.encoding"), value: (f) => f.encoding },
        { title: t("col.rows"), value: (f) => f.rowsRead, numeric: true },
        { title: t("col.accepted"), value: (f) => f.accepted, numeric: true },
        { title: t("col.duplicates"), value: (f) => f.duplicates, numeric: true },
        { title: t("col.rejected"), value: (f) => f.rejected, numeric: true },
      ],
      s.files,
      { testId: "upload-files" },
    ),
    rejects.length
      ? el("h3", {}, t("upload.rejectedRows", { count: rejects.length }), link)
      : el("p", { class: "muted" }, t("upload.noRejects")),
    rejects.length
      ? table(
          [
            { title: t("col.file"), value: (r) => r.file },
            { title: t("col.line"), value: (r) => r.line, numeric: true },
            {
              title: t("col.reason"),
              value: (r) => rejectText(r.reason).text,
              lang: (r) => rejectText(r.reason).lang,
            },
          ],
          rejects.slice(0, 500),
        )
      : null,
  );
}
