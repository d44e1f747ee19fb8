/**
 * Named saved views of the explorer, kept in the browser (localStorage): the view's URL state (start nodes,
 * cluster, time window, amount, colouring), the nodes on screen and where they stand. Opening one loads the same
 * content again, removes what had been removed and puts every node back in its place.
 */
import { t } from "../../i18n";

export interface SavedView {
  name: string;
  savedAt: number;
  /** The explorer's URL parameters when saved. */
  params: Record<string, string>;
  /** Node id → position, for every node on screen. */
  positions: Record<string, [number, number]>;
}

const KEY = "mulegraph.explorer.views";
/** Positions of at most this many nodes are kept (localStorage holds about 5 MB per site). */
const MAX_NODES = 5000;

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function listViews(): SavedView[] {
  try {
    const raw = JSON.parse(storage()?.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(raw) ? (raw as SavedView[]).filter((v) => typeof v?.name === "string") : [];
  } catch {
    return [];
  }
}

function write(views: SavedView[]): void {
  storage()?.setItem(KEY, JSON.stringify(views));
}

/** Save (or replace) a view by name; throws a QuotaExceededError where the browser's storage is full. */
export function saveView(view: SavedView): void {
  const positions = Object.fromEntries(Object.entries(view.positions).slice(0, MAX_NODES));
  write([{ ...view, positions }, ...listViews().filter((v) => v.name !== view.name)]);
}

export function deleteView(name: string): void {
  write(listViews().filter((v) => v.name !== name));
}

export function findView(name: string): SavedView | undefined {
  return listViews().find((v) => v.name === name);
}

/** The toolbar control: a list of saved views to open, and buttons to save the current one or delete one. */
export function savedViewsControl(opts: {
  current: () => Omit<SavedView, "name" | "savedAt">;
  open: (view: SavedView) => void;
  toast: (message: string, kind?: "error") => void;
}): HTMLElement {
  const box = document.createElement("span");
  box.className = "saved-views";
  const select = document.createElement("select");
  select.dataset.testid = "saved-views";
  const fill = () => {
    const views = listViews();
    const head = document.createElement("option");
    head.value = "";
    head.textContent = views.length ? t("views.open") : t("views.none");
    select.replaceChildren(
      head,
      ...views.map((v) => {
        const o = document.createElement("option");
        o.value = v.name;
        o.textContent = v.name;
        return o;
      }),
    );
  };
  fill();
  select.addEventListener("change", () => {
    const v = findView(select.value);
    if (v) opts.open(v);
    select.value = "";
  });
  const save = document.createElement("button");
  save.type = "button";
  save.textContent = t("views.save");
  save.dataset.testid = "save-view";
  save.addEventListener("click", () => saveCurrent());
  const del = document.createElement("button");
  del.type = "button";
  del.textContent = t("views.delete");
  del.dataset.testid = "delete-view";
  del.addEventListener("click", () => {
    const name = prompt(t("views.deletePrompt"), listViews()[0]?.name ?? "");
    if (!name || !findView(name)) return;
    deleteView(name);
    fill();
  });
  const saveCurrent = () => {
    const name = prompt(t("views.namePrompt"))?.trim();
    if (!name) return;
    try {
      saveView({ name, savedAt: Date.now(), ...opts.current() });
      fill();
      opts.toast(t("views.saved", { name }));
    } catch {
      opts.toast(t("views.full"), "error");
    }
  };
  box.append(select, save, del);
  (box as HTMLElement & { save?: () => void }).save = saveCurrent;
  return box;
}
