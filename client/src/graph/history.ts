/**
 * Undo and redo of graph edits (expand, remove, filter): before each edit the caller records the state it is about
 * to leave; undo hands back the latest such state and keeps the present one for redo. A new edit after an undo
 * drops the redo branch, as in any editor. The state is opaque here (GraphCanvas.snapshot()).
 */
export interface HistoryEntry<S> {
  /** What the edit did, for the button's tooltip ("expand", "remove", "filter"). */
  label: string;
  state: S;
}

export class EditHistory<S> {
  private past: HistoryEntry<S>[] = [];
  private future: HistoryEntry<S>[] = [];
  private readonly listeners: (() => void)[] = [];

  /** `limit`: how many edits can be undone (the oldest are forgotten). */
  constructor(private readonly limit = 50) {}

  /** Record the state before an edit named `label`. */
  record(label: string, before: S): void {
    this.past.push({ label, state: before });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.changed();
  }

  /** The state to go back to (null when there is none); `current` becomes redoable. */
  undo(current: S): HistoryEntry<S> | null {
    const entry = this.past.pop();
    if (!entry) return null;
    this.future.push({ label: entry.label, state: current });
    this.changed();
    return entry;
  }

  /** The state to go forward to (null when there is none); `current` becomes undoable again. */
  redo(current: S): HistoryEntry<S> | null {
    const entry = this.future.pop();
    if (!entry) return null;
    this.past.push({ label: entry.label, state: current });
    this.changed();
    return entry;
  }

  /** The label of the edit undo would take back, or null. */
  get undoLabel(): string | null {
    return this.past[this.past.length - 1]?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.future[this.future.length - 1]?.label ?? null;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.changed();
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
