/**
 * Node program for large graphs. Sigma's circle and square programs draw one instance per node, and software WebGL
 * (SwiftShader, what a machine without a GPU runs) sets up every instance as a draw of its own: about 35 µs per node
 * and per pass, 0.7 frames per second at 50k nodes. Points are one plain vertex per node.
 *
 * While the camera moves, the picking pass (the hidden layer that tells which node is under the mouse) is skipped:
 * it is half of every frame's work and nobody hovers mid-pan. GraphCanvas renders once more when the camera stops,
 * which draws the picking layer again.
 */
import type { Attributes } from "graphology-types";
import type Sigma from "sigma";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";
import type { RenderParams } from "sigma/types";

/** Is the camera moving (animation, drag, wheel)? The same test sigma's render makes for hideEdgesOnMove. */
export function cameraMoving<N extends Attributes, E extends Attributes, G extends Attributes>(
  sigma: Sigma<N, E, G>,
): boolean {
  const mouse = sigma.getMouseCaptor();
  return (
    sigma.getCamera().isAnimated() ||
    mouse.isMoving ||
    mouse.draggedEvents > 0 ||
    mouse.currentWheelDirection !== 0
  );
}

/** Draw once without the program's picking pass (the hidden layer that tells what is under the mouse). */
function withoutPicking(program: { pickProgram: unknown }, draw: () => void): void {
  const pick = program.pickProgram;
  if (!pick) return draw();
  program.pickProgram = null;
  try {
    draw();
  } finally {
    program.pickProgram = pick;
  }
}

export class NodeFastPointProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends NodePointProgram<N, E, G> {
  override render(params: RenderParams): void {
    if (!cameraMoving(this.renderer)) return super.render(params);
    withoutPicking(this, () => super.render(params));
  }
}

/**
 * Edge program for large graphs: plain lines whose picking pass (the hidden layer that tells which edge is under the
 * mouse, a second drawing of every edge in every frame) is skipped while `skipPicking()` says so. Sigma's edge
 * events stay on for the canvas's whole life: toggling the setting makes sigma index the whole graph again (every
 * node and edge through the reducers), which at 50k nodes cost a tenth of the first render. With the layer not
 * drawn, the mouse reads an empty pixel there and no edge is hovered.
 */
export function edgeFastLineProgram(skipPicking: () => boolean): typeof EdgeLineProgram {
  return class EdgeFastLineProgram<
    N extends Attributes = Attributes,
    E extends Attributes = Attributes,
    G extends Attributes = Attributes,
  > extends EdgeLineProgram<N, E, G> {
    override render(params: RenderParams): void {
      if (!skipPicking()) return super.render(params);
      withoutPicking(this, () => super.render(params));
    }
  };
}
