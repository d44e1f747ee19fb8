/**
 * R7 shared identifiers: which accounts share a device, phone, IP, card or owner, and which accounts one controller
 * runs. Identifiers used by too many accounts are public (a carrier's NAT address, a shop's till) and ignored: IPs
 * above sharedIpMaxAccounts (a ring's VPN exit serves a dozen accounts), everything else above sharedIdMaxAccounts. Same-controller links follow Neo4j's rule of thumb: a shared card or device plus at
 * least two other shared identifiers, or the same owner.
 */
import type { IdentifierLink } from "../../../model/analysis.js";
import type { IndexedProjection } from "./indexed.js";

export interface SharedIdentifier {
  type: IdentifierLink["type"];
  value: string;
  accounts: number[];
}

export interface IdentifierIndex {
  shared: SharedIdentifier[];
  /** Per account: indices into `shared`. */
  byAccount: Map<number, number[]>;
}

/** Group identifier links into identifiers shared by 2..max known accounts. */
export function indexIdentifiers(
  ix: IndexedProjection,
  links: IdentifierLink[],
  limits: { maxAccounts: number; maxAccountsPerIp: number },
): IdentifierIndex {
  // One map per identifier type, keyed by value (no key concatenation on the hot path).
  const byType = new Map<IdentifierLink["type"], Map<string, Set<number>>>();
  for (const l of links) {
    const a = ix.indexOf.get(l.account);
    if (a === undefined) continue;
    let values = byType.get(l.type);
    if (!values) byType.set(l.type, (values = new Map()));
    let set = values.get(l.value);
    if (!set) values.set(l.value, (set = new Set()));
    set.add(a);
  }
  const shared: SharedIdentifier[] = [];
  const byAccount = new Map<number, number[]>();
  for (const type of [...byType.keys()].sort()) {
    const values = byType.get(type)!;
    const max = type === "ip" ? limits.maxAccountsPerIp : limits.maxAccounts;
    for (const value of [...values.keys()].sort()) {
      const set = values.get(value)!;
      if (set.size < 2 || set.size > max) continue;
      const id = shared.length;
      const accounts = [...set].sort((x, y) => x - y);
      shared.push({ type, value, accounts });
      for (const a of accounts) {
        const list = byAccount.get(a);
        if (list) list.push(id);
        else byAccount.set(a, [id]);
      }
    }
  }
  return { shared, byAccount };
}

/** Union-find over same-controller links: returns a component id per account that has any such link. */
export function controllerComponents(ids: IdentifierIndex): Map<number, number> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const union = (x: number, y: number) => {
    if (!parent.has(x)) parent.set(x, x);
    if (!parent.has(y)) parent.set(y, y);
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent.set(Math.max(rx, ry), Math.min(rx, ry));
  };

  // Per pair of accounts: do they share a card/device, and how many identifiers in all?
  const pairs = new Map<string, { strong: boolean; total: number; a: number; b: number }>();
  for (const s of ids.shared) {
    for (let i = 0; i < s.accounts.length; i++) {
      for (let j = i + 1; j < s.accounts.length; j++) {
        const a = s.accounts[i];
        const b = s.accounts[j];
        if (s.type === "owner") {
          union(a, b);
          continue;
        }
        const k = `${a},${b}`;
        const p = pairs.get(k) ?? { strong: false, total: 0, a, b };
        p.total++;
        if (s.type === "device" || s.type === "card") p.strong = true;
        pairs.set(k, p);
      }
    }
  }
  for (const p of pairs.values()) if (p.strong && p.total >= 3) union(p.a, p.b);
  const out = new Map<number, number>();
  for (const x of parent.keys()) out.set(x, find(x));
  return out;
}

/**
 * Do two accounts have an owner in common (one person's own accounts)? An owner shared by more than
 * sharedIdMaxAccounts accounts is no person's and links nothing (indexIdentifiers leaves it out).
 */
export function sameOwnerOf(ids: IdentifierIndex): (a: number, b: number) => boolean {
  const owners = new Map<number, number[]>();
  ids.shared.forEach((s, i) => {
    if (s.type !== "owner") return;
    for (const a of s.accounts) owners.set(a, [...(owners.get(a) ?? []), i]);
  });
  return (a, b) => {
    const oa = owners.get(a);
    const ob = owners.get(b);
    return !!oa && !!ob && oa.some((o) => ob.includes(o));
  };
}
