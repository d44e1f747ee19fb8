/**
 * The graph's hover tooltip: a box that follows the mouse over a node or an edge and says what it is (a node's
 * name, kind and role; an edge's transfers with their count, sum and dates). Text only (textContent); it never takes
 * the mouse (pointer-events: none), so the graph under it stays clickable.
 */
export class GraphTooltip {
  private readonly box: HTMLDivElement;

  constructor(container: HTMLElement) {
    this.box = document.createElement("div");
    this.box.className = "graph-tip";
    this.box.dataset.testid = "graph-tip";
    this.box.hidden = true;
    container.appendChild(this.box);
  }

  /** Show `lines` beside the mouse (sigma's event coordinates are relative to the container). */
  show(at: { x: number; y: number }, lines: string[]): void {
    this.box.replaceChildren(
      ...lines.map((l, i) => {
        const div = document.createElement("div");
        if (i === 0) div.className = "graph-tip-title";
        div.textContent = l;
        return div;
      }),
    );
    this.box.hidden = false;
    const parent = this.box.parentElement;
    const w = parent?.clientWidth ?? 0;
    // Keep it inside the canvas: flip to the left of the mouse near the right edge.
    const left = at.x + 14 + this.box.offsetWidth > w ? at.x - 14 - this.box.offsetWidth : at.x + 14;
    this.box.style.left = `${Math.max(0, left)}px`;
    this.box.style.top = `${Math.max(0, at.y + 12)}px`;
  }

  hide(): void {
    this.box.hidden = true;
  }
}
