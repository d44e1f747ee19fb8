/**
 * Undo and redo of graph edits (client/src/graph/history.ts): states come back in reverse order, redo replays what
 * was undone, and a new edit after an undo drops the redo branch.
 */
import { describe, expect, it } from "vitest";
import { EditHistory } from "../../../client/src/graph/history.js";

describe("edit history", () => {
  it("undoes edits newest first and redoes them in order", () => {
    const h = new EditHistory<string>();
    let state = "a";
    for (const [label, next] of [
      ["expand", "b"],
      ["remove", "c"],
    ] as const) {
      h.record(label, state);
      state = next;
    }
    expect(h.undoLabel).toBe("remove");
    state = h.undo(state)!.state;
    expect(state).toBe("b");
    state = h.undo(state)!.state;
    expect(state).toBe("a");
    expect(h.undo(state)).toBeNull();
    state = h.redo(state)!.state;
    expect(state).toBe("b");
    state = h.redo(state)!.state;
    expect(state).toBe("c");
    expect(h.redo(state)).toBeNull();
  });

  it("drops what could be redone once a new edit is made, and forgets edits past its limit", () => {
    const h = new EditHistory<number>(2);
    h.record("filter", 1);
    h.record("filter", 2);
    h.record("filter", 3);
    expect(h.undo(4)!.state).toBe(3);
    h.record("expand", 3);
    expect(h.redoLabel).toBeNull();
    expect(h.undo(5)!.state).toBe(3);
    expect(h.undo(3)!.state).toBe(2);
    expect(h.undo(2)).toBeNull();
  });

  it("tells listeners when what can be undone changes", () => {
    const h = new EditHistory<number>();
    let calls = 0;
    h.onChange(() => calls++);
    h.record("remove", 1);
    h.undo(2);
    h.redo(1);
    h.clear();
    expect(calls).toBe(4);
  });
});
