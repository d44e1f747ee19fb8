/**
 * Combining typology evidence (typologies/) with the other evidence (roles.ts): issue 16's "scores that combine
 * evidence".
 *
 * An account the indicators already call a drop or hub keeps its role; the shapes it takes part in add their points
 * and reasons (more confidence). An ordinary account whose typology points reach minDropScore becomes a drop, or a
 * hub when it collects in a shape (fan-in target, gather-scatter centre, scatter-gather collector), on the shape of
 * its transfers alone: its reasons then say which other evidence is missing. Exits and reported victims are never
 * recast (a victim's one payment into a fan-in is what makes it one).
 */
import type { AccountRole } from "../../../model/graph.js";
import { typologyLabel } from "../../../model/typologies.js";
import type { ExitKind } from "./exits.js";
import { scoreOf } from "./format.js";
import type { IdentifierIndex } from "./identifiers.js";
import type { DetectParams } from "./params.js";
import { typologyPoints, type TypologyResult } from "./typologies/index.js";

export interface TypologyRoleInput {
  role: AccountRole[];
  score: Float64Array;
  reasons: Map<number, string[]>;
  typologies: TypologyResult;
  exitKinds: (ExitKind | null)[];
  reportedVictims: Map<number, string[]>;
  /** Victims inferred only from paying a suspected drop (roles.ts), recast when the data holds no complaint. */
  paidVictims?: Set<number>;
  ids: IdentifierIndex;
  /** Does the data hold any complaint, watch-listed or foreign account, identifier? (What could be missing.) */
  has: { complaints: boolean; exits: boolean; identifiers: boolean };
  params: DetectParams;
}

/**
 * Shapes whose own structure makes their payers members, not victims: a gather-scatter's hub passes what its senders
 * paid on (the passing on ties them to it), a cycle brings the money back to where it started, a scatter-gather's
 * intermediaries hand what the source paid them to one collector. A fan-in's payers may just as well be a drop's
 * victims (the first world's fraud looks exactly like that).
 */
const PAYERS_ARE_MEMBERS: ReadonlySet<string> = new Set(["gather_scatter", "cycle", "scatter_gather"]);

/**
 * The reasons of the shapes an account takes part in, at most `perTypology` of each typology (those it collects in
 * first, then the largest by transfers), and for the rest of a typology one line that counts them: a reused mule in
 * forty scatter-gathers reads as three and "and 37 more scatter-gather shapes it is part of (310 transfers)". Every
 * shape still counts towards its score; its transfers stay in the data for anyone who wants each one.
 */
export function shapeReasons(
  t: TypologyResult,
  list: readonly number[],
  a: number,
  perTypology: number,
): string[] {
  const byTypology = new Map<string, number[]>();
  for (const i of list) {
    const name = t.findings[i].typology;
    const group = byTypology.get(name);
    if (group) group.push(i);
    else byTypology.set(name, [i]);
  }
  const out: string[] = [];
  for (const [name, found] of byTypology) {
    const ranked = [...found].sort(
      (x, y) =>
        Number(t.findings[y].hubs.includes(a)) - Number(t.findings[x].hubs.includes(a)) ||
        t.findings[y].transfers.length - t.findings[x].transfers.length ||
        x - y,
    );
    const shown = new Set(ranked.slice(0, perTypology));
    // Shown in the order they were found, as before the cap.
    for (const i of found) if (shown.has(i)) out.push(t.findings[i].reason);
    const rest = ranked.slice(perTypology);
    if (rest.length) {
      const transfers = rest.reduce((n, i) => n + t.findings[i].transfers.length, 0);
      out.push(
        `and ${rest.length} more ${typologyLabel(name)} ${rest.length === 1 ? "shape" : "shapes"} it is part of ` +
          `(${transfers} ${transfers === 1 ? "transfer" : "transfers"})`,
      );
    }
  }
  return out;
}

/** Points behind a score (format.ts scoreOf inverted), so that typology points add to an account's evidence. */
function pointsOf(score: number): number {
  return score >= 100 ? 500 : (-Math.log(1 - score / 100) * 50) / Math.LN2;
}

/** The typologies each account takes part in, by name, sorted. */
export function typologiesByAccount(t: TypologyResult): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [a, list] of t.byAccount) {
    out.set(a, [...new Set(list.map((i) => t.findings[i].typology))].sort());
  }
  return out;
}

/** Apply the typology findings to the roles, scores and reasons (in place). Returns the accounts recast. */
export function applyTypologies(input: TypologyRoleInput): number[] {
  const { role, score, reasons, typologies, exitKinds, reportedVictims, params } = input;
  const recast: number[] = [];
  for (const [a, list] of [...typologies.byAccount].sort((x, y) => x[0] - y[0])) {
    if (exitKinds[a] || reportedVictims.has(a) || role[a] === "exit") continue;
    const pts = typologyPoints(typologies, a);
    if (pts <= 0) continue;
    const said = shapeReasons(typologies, list, a, params.reasonsPerTypology);
    const current = role[a];
    if (current === "drop" || current === "hub" || current === "organiser") {
      score[a] = scoreOf(pointsOf(score[a]) + pts);
      reasons.set(a, [...(reasons.get(a) ?? []), ...said]);
      continue;
    }
    // An account called a victim only because it paid a suspected drop (no complaint, no loan it passed on) is
    // recast when the data holds no complaint at all: nothing then tells such a victim from a scheme's payer, and
    // the shape names it a member.
    const inferred =
      !input.has.complaints &&
      (input.paidVictims?.has(a) ?? false) &&
      list.some((i) => PAYERS_ARE_MEMBERS.has(typologies.findings[i].typology));
    if ((current === "victim" && !inferred) || pts < params.minDropScore) continue;
    const collects = list.some((i) => typologies.findings[i].hubs.includes(a));
    role[a] = collects ? "hub" : "drop";
    score[a] = scoreOf(pointsOf(score[a]) + pts);
    const missing = [
      input.has.complaints ? "no reported victim paid it" : "no complaints in the data",
      input.has.exits
        ? "no exit is known downstream"
        : "no exits (watch-list, foreign banks, crypto, ATMs) in the data",
      input.has.identifiers ? "it shares no identifier with a suspect" : "no shared identifiers in the data",
    ];
    // The indicators' verdict ("not called a drop") is superseded: keep their evidence, drop their conclusion.
    const before = (reasons.get(a) ?? []).filter((r) => !/not called a drop$|to call it a drop$/.test(r));
    reasons.set(a, [
      ...said,
      ...before,
      `called a ${collects ? "hub" : "drop"} on the shape of its transfers alone: ${missing.join("; ")}`,
    ]);
    recast.push(a);
  }
  return recast;
}
