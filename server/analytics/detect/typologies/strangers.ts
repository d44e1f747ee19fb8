/**
 * Strangers' networks: accounts that dealt with each other only once, in data where that is rare.
 *
 * A laundering scheme moves money between accounts that have no other business together; ordinary life repeats itself
 * (rent, pay, the same shop, the same relatives). How rare a one-off pair is depends on the data: in a register of
 * payments to shops and between friends most pairs deal once, in a register of standing relationships almost none do.
 * So the test is relative: the data's share of pairs that dealt only once (one transfer, both ways together) is what
 * an account's counterparties are expected to show; an account whose one-off counterparties are strangersFactor times
 * that share or more, and some counterparty it deals with again and again (an ordinary to stand out from), deals with
 * strangers out of the ordinary. A network of strangers is such accounts joined by one-off transfers, with the
 * accounts that dealt with no one twice dealing with them, every stranger of a centre (fanMin or more of them) and
 * busy accounts whose every stranger is in the network; from strangersMinAccounts to strangersMaxAccounts accounts,
 * at least one of them out of its ordinary, is a finding named for its shape (a fan, a gather-scatter, a
 * scatter-gather, a cycle, else a random walk of AMLSim's kind), unless all its transfers fall within fanBatchMaxMs
 * (a system's batch, as the fan rules have it). A pair counts as one-off only where the data had room to see it again
 * at its accounts' pace (unseen.ts; eighteenth pass in docs/DETECTION-HISTORY.md): in a register shorter than the
 * round of an account's relationships, the middle of the round looks paid once. Amounts are not read: this is the
 * evidence that stays when a scheme's sums look like everyone's (docs/DETECTION.md § 2, seventeenth pass in
 * docs/DETECTION-HISTORY.md). Where most pairs deal once no account can reach the factor and nothing is found.
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";
import type { DetectParams } from "../params.js";
import { find } from "./bipartite.js";
import type { TypologyFinding, TypologyName } from "./types.js";
import type { Words } from "./words.js";

/**
 * The data's share of account pairs that dealt only once, per account its counterparties and one-off ones, and per
 * pair whether it is a stranger's: it dealt only once, and there was room in the data to see it again.
 */
export interface Strangers {
  oneOffShare: number;
  counterparts: Int32Array;
  oneOff: Int32Array;
  stranger: Uint8Array;
  /** Pairs that dealt once with no room in the data to deal again, left out of all the above. */
  unseen: number;
}

/**
 * Count every account's counterparties and one-off counterparties (a pair's transfers both ways together). A pair
 * that dealt once where the data holds no room to see it again at its accounts' pace (unseen.ts) is neither.
 */
export function countStrangers(
  ix: IndexedProjection,
  pairs: Pairs,
  back: Int32Array,
  /** Per pair, 1 where the data had no room to see it again at its accounts' pace (unseen.ts unseenAtAccountsPace). */
  unseen: Uint8Array,
): Strangers {
  const counterparts = new Int32Array(ix.n);
  const oneOff = new Int32Array(ix.n);
  const stranger = new Uint8Array(pairs.count);
  let all = 0;
  let once = 0;
  let unseenOnce = 0;
  for (let p = 0; p < pairs.count; p++) {
    const a = pairs.from[p];
    const b = pairs.to[p];
    // A pair dealing both ways is one relationship: counted from its lower-numbered sender's side only.
    if (back[p] > 0 && a > b) continue;
    const single = pairs.n[p] + back[p] === 1;
    if (single && unseen[p]) {
      unseenOnce++;
      continue;
    }
    counterparts[a]++;
    counterparts[b]++;
    all++;
    if (single) {
      stranger[p] = 1;
      oneOff[a]++;
      oneOff[b]++;
      once++;
    }
  }
  return { oneOffShare: all ? once / all : 0, counterparts, oneOff, stranger, unseen: unseenOnce };
}

/** Every strangers' network of the data (see the module comment). */
export function strangersNetworks(
  ix: IndexedProjection,
  pairs: Pairs,
  back: Int32Array,
  /** unseenAtAccountsPace(ix, pairs), computed once by the caller (detectTypologies hands it on). */
  unseen: Uint8Array,
  params: DetectParams,
  words: Words,
): TypologyFinding[] {
  const s = countStrangers(ix, pairs, back, unseen);
  // A pair that dealt only once (one transfer, both ways together) where the data had room to see it again.
  const oneOffPair = (p: number) => s.stranger[p] === 1;
  // Out of the ordinary needs an ordinary: at least one counterparty the account deals with again and again. An account
  // that dealt with every counterparty once (no standing relationship at all) joins a network as a member, but a
  // network needs one account with a life of its own for which its strangers are out of the ordinary: accounts that
  // only ever paid each other once are the other rules' to judge (sums, times).
  const lived = (a: number) =>
    s.counterparts[a] > s.oneOff[a] &&
    s.oneOff[a] > 0 &&
    s.oneOff[a] >= params.strangersFactor * s.oneOffShare * s.counterparts[a];
  const fresh = (a: number) => s.counterparts[a] === s.oneOff[a];
  // A centre (fanMin or more strangers, out of the ordinary for it or with no standing relationship at all) takes every
  // stranger it dealt with: AMLSim counts every account of a fan, and a busy account paying a fan's centre once is one
  // of them all the same. The network still needs an account with a life for which its strangers stand out (below).
  const centre = (a: number) => (lived(a) || fresh(a)) && s.oneOff[a] >= params.fanMin;
  // Where no account is out of its ordinary (most pairs of the data deal once) there is nothing to join.
  let any = false;
  for (let a = 0; a < ix.n && !any; a++) any = lived(a);
  if (!any) return [];
  const parent = new Int32Array(ix.n);
  for (let a = 0; a < ix.n; a++) parent[a] = a;
  const edges: number[] = [];
  for (let t = 0; t < ix.transfers.length; t++) {
    const p = pairs.pairOf[t];
    if (p < 0 || !oneOffPair(p)) continue;
    const a = ix.from[t];
    const b = ix.to[t];
    const joined =
      ((lived(a) || fresh(a)) && (lived(b) || fresh(b)) && (lived(a) || lived(b))) || centre(a) || centre(b);
    if (!joined) continue;
    edges.push(t);
    parent[find(parent, a)] = find(parent, b);
  }
  // An account with a life that dealt once only with accounts of the networks above (two or more of them) is one of
  // them too: a busy account in a ring of strangers, whose two one-off dealings are under the factor for it, would
  // otherwise break the ring into pieces.
  const inNet = new Uint8Array(ix.n);
  for (const t of edges) inNet[ix.from[t]] = inNet[ix.to[t]] = 1;
  const bridges = (x: number) => {
    if (inNet[x] || lived(x) || fresh(x) || s.oneOff[x] < 2) return false;
    for (let i = pairs.outStart[x]; i < pairs.outStart[x + 1]; i++) {
      const p = pairs.outIdx[i];
      if (oneOffPair(p) && !inNet[pairs.to[p]]) return false;
    }
    for (let i = pairs.inStart[x]; i < pairs.inStart[x + 1]; i++) {
      const p = pairs.inIdx[i];
      if (oneOffPair(p) && !inNet[pairs.from[p]]) return false;
    }
    return true;
  };
  const bridging = new Uint8Array(ix.n);
  for (let x = 0; x < ix.n; x++) if (bridges(x)) bridging[x] = 1;
  for (let t = 0; t < ix.transfers.length; t++) {
    const p = pairs.pairOf[t];
    if (p < 0 || !oneOffPair(p)) continue;
    if (!bridging[ix.from[t]] && !bridging[ix.to[t]]) continue;
    edges.push(t);
    parent[find(parent, ix.from[t])] = find(parent, ix.to[t]);
  }
  const groups = new Map<number, number[]>();
  for (const t of edges) {
    const r = find(parent, ix.from[t]);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(t);
  }
  const pct = Math.round(1000 * s.oneOffShare) / 10;
  const room = s.unseen
    ? ` (not counting ${words.count(s.unseen, "pair")} that dealt once where their accounts' pace would put a repeat outside the data on either side)`
    : "";
  const livedClause = livedClauseFor(ix, words);
  const findings: TypologyFinding[] = [];
  for (const transfers of groups.values()) {
    const members = [...new Set(transfers.flatMap((t) => [ix.from[t], ix.to[t]]))].sort((x, y) => x - y);
    if (members.length < params.strangersMinAccounts || members.length > params.strangersMaxAccounts)
      continue;
    if (!members.some(lived)) continue;
    transfers.sort((x, y) => ix.ts[x] - ix.ts[y] || x - y);
    // All at one moment (within fanBatchMaxMs) is a system's batch: a payroll run in data that holds one payday.
    if (ix.ts[transfers[transfers.length - 1]] - ix.ts[transfers[0]] <= params.fanBatchMaxMs) continue;
    const { typology, hubs, shape } = shapeOf(ix, transfers, members, words);
    const busy = members.filter((a) => !lived(a) && !fresh(a));
    const centres = members.filter(centre);
    findings.push({
      typology,
      hubs,
      members,
      sources: [],
      transfers,
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason:
        `strangers' network${shape}: ${words.count(members.length, "account")} (${words.keys(members)}) joined by ` +
        `${words.count(transfers.length, "transfer")} between accounts that dealt with each other only that once ` +
        `(${words.sum(transfers)} ${words.span(transfers)}); in this data ${pct}% of account pairs deal only once${room}, ` +
        `and ${livedClause(members.filter(lived), members.length)} dealt only once with at least ${params.strangersFactor} ` +
        `times that share of their counterparties` +
        (members.some(fresh)
          ? `; ${livedClause(members.filter(fresh), members.length)} dealt with no one twice`
          : "") +
        (busy.length
          ? `; ${livedClause(busy, members.length)} dealt once with ${words.keys(centres)}, a centre of strangers`
          : ""),
    });
  }
  return findings;
}

/** "each of them" when `accounts` are all the members, else "4000000105" or "4 of them (…)". */
function livedClauseFor(ix: IndexedProjection, words: Words) {
  return (accounts: number[], of: number) =>
    accounts.length === of
      ? "each of them"
      : accounts.length === 1
        ? ix.keys[accounts[0]]
        : `${accounts.length} of them (${words.keys(accounts)})`;
}

/** The network's shape in AMLSim's terms, its collecting accounts, and a clause naming it. */
function shapeOf(
  ix: IndexedProjection,
  transfers: number[],
  members: number[],
  words: Words,
): { typology: TypologyName; hubs: number[]; shape: string } {
  const ins = new Map<number, number[]>();
  const outs = new Map<number, number[]>();
  for (const t of transfers) {
    (outs.get(ix.from[t]) ?? outs.set(ix.from[t], []).get(ix.from[t])!).push(t);
    (ins.get(ix.to[t]) ?? ins.set(ix.to[t], []).get(ix.to[t])!).push(t);
  }
  const key = (a: number) => ix.keys[a];
  if (members.every((a) => ins.get(a)?.length === 1 && outs.get(a)?.length === 1)) {
    // Round from the first transfer, each next one later: money coming back to where it started. Out of time order
    // the same ring is no cycle (an account paid on before it was paid).
    let t = transfers[0];
    let inOrder = true;
    for (let k = 1; k < transfers.length && inOrder; k++) {
      const next = outs.get(ix.to[t])![0];
      inOrder = ix.ts[next] >= ix.ts[t];
      t = next;
    }
    return inOrder
      ? { typology: "cycle", hubs: [], shape: " shaped as a cycle" }
      : { typology: "random", hubs: [], shape: "" };
  }
  // A star: one account on every transfer.
  const centre = members.find((a) => transfers.every((t) => ix.from[t] === a || ix.to[t] === a));
  if (centre !== undefined) {
    const i = ins.get(centre) ?? [];
    const o = outs.get(centre) ?? [];
    if (!o.length)
      return { typology: "fan_in", hubs: [centre], shape: ` shaped as a fan-in to ${key(centre)}` };
    if (!i.length)
      return { typology: "fan_out", hubs: [], shape: ` shaped as a fan-out from ${key(centre)}` };
    // Time order: a gather-scatter's centre pays out after the last of its inflows.
    if (Math.max(...i.map((t) => ix.ts[t])) <= Math.min(...o.map((t) => ix.ts[t])))
      return {
        typology: "gather_scatter",
        hubs: [centre],
        shape: ` shaped as a gather-scatter through ${key(centre)} (${words.count(i.length, "payer")}, then ${words.count(o.length, "receiver")})`,
      };
    return { typology: "random", hubs: [], shape: "" };
  }
  // A scatter-gather: one source pays every other account but one, each of which pays the one collector.
  const source = members.find((a) => !ins.has(a) && (outs.get(a)?.length ?? 0) >= 2);
  const sink = members.find((a) => !outs.has(a) && (ins.get(a)?.length ?? 0) >= 2);
  if (source !== undefined && sink !== undefined) {
    const mids = members.filter((a) => a !== source && a !== sink);
    const passes = (m: number) =>
      ins.get(m)?.length === 1 &&
      outs.get(m)?.length === 1 &&
      ix.from[ins.get(m)![0]] === source &&
      ix.to[outs.get(m)![0]] === sink;
    if (mids.length >= 2 && mids.every(passes))
      return {
        typology: "scatter_gather",
        hubs: [sink],
        shape: ` shaped as a scatter-gather from ${key(source)} through ${words.count(mids.length, "account")} to ${key(sink)}`,
      };
  }
  return { typology: "random", hubs: [], shape: "" };
}
