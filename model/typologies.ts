/**
 * Short human labels of the laundering typologies that detection names (AccountAnalysis.typologies,
 * server/analytics/detect/typologies): what the app, the reports and the API's documentation show for each.
 */

/** Typology name → a label for people: "fan_in" → "fan-in", "random" (a layering chain) → "layering chain". */
export const TYPOLOGY_LABELS: Readonly<Record<string, string>> = {
  fan_in: "fan-in",
  fan_out: "fan-out",
  gather_scatter: "gather-scatter",
  scatter_gather: "scatter-gather",
  cycle: "cycle",
  bipartite: "bipartite",
  stack: "stack",
  random: "layering chain",
  forwarding: "forwarding",
};

/** The label of one typology; a name this build does not know is shown with its underscores as spaces. */
export function typologyLabel(name: string): string {
  return Object.hasOwn(TYPOLOGY_LABELS, name) ? TYPOLOGY_LABELS[name]! : name.replaceAll("_", " ");
}

/** Labels of a list of typologies, in its order, joined for one line of text ("fan-in, cycle"). */
export function typologyText(names: readonly string[]): string {
  return names.map(typologyLabel).join(", ");
}
