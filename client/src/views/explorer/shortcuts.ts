/**
 * The explorer's keyboard shortcuts and their `?` help. Keys are ignored while the user types in a field. Each
 * shortcut names its key (as `KeyboardEvent.key`, with "Ctrl+" for Ctrl or ⌘) and what it does, so the help lists
 * exactly what is bound.
 */
import { t } from "../../i18n";

export interface Shortcut {
  /** e.g. "e", "Delete", "Ctrl+z", "?" */
  keys: string[];
  description: string;
  run: () => void;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

function keyOf(e: KeyboardEvent): string {
  if (e.key === "?") return "?";
  const ctrl = e.ctrlKey || e.metaKey;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return `${ctrl ? "Ctrl+" : ""}${ctrl && e.shiftKey ? "Shift+" : ""}${k}`;
}

/**
 * Bind the shortcuts on the document (plus `?` for the help); returns the function that unbinds them (the view
 * calls it on leave).
 */
export function installShortcuts(shortcuts: Shortcut[]): { help: () => void; dispose: () => void } {
  const help = () => showHelp(shortcuts);
  const all: Shortcut[] = [...shortcuts, { keys: ["?"], description: t("keys.help"), run: help }];
  const onKey = (e: KeyboardEvent) => {
    // A dialog (this help, a prompt of the page) has the keys; Escape must still close it.
    if (typing(e.target) || e.altKey || document.querySelector("dialog[open]")) return;
    const key = keyOf(e);
    const hit = all.find((s) => s.keys.includes(key));
    if (!hit) return;
    e.preventDefault();
    hit.run();
  };
  document.addEventListener("keydown", onKey);
  return { help, dispose: () => document.removeEventListener("keydown", onKey) };
}

/** The help: a modal dialog listing every shortcut (Escape or the button closes it). */
function showHelp(shortcuts: Shortcut[]): void {
  document.querySelector("dialog.shortcut-help")?.remove();
  const dialog = document.createElement("dialog");
  dialog.className = "shortcut-help";
  dialog.dataset.testid = "shortcut-help";
  const title = document.createElement("h2");
  title.textContent = t("keys.title");
  const table = document.createElement("table");
  for (const s of [...shortcuts, { keys: ["?"], description: t("keys.help") }]) {
    const tr = document.createElement("tr");
    const keys = document.createElement("td");
    for (const k of s.keys) {
      const kbd = document.createElement("kbd");
      kbd.textContent = k;
      keys.append(kbd, " ");
    }
    const what = document.createElement("td");
    what.textContent = s.description;
    tr.append(keys, what);
    table.append(tr);
  }
  const close = document.createElement("button");
  close.textContent = t("keys.close");
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  dialog.append(title, table, close);
  document.body.append(dialog);
  dialog.showModal();
}
