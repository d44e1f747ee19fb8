/**
 * Card-linkage and app-session events, per bank: account openings, card binds, logins, device binds and phone
 * changes. Ordinary people log in from their own phone, from their family's home IP or a mobile operator's shared
 * NAT address (shared by thousands: a hard negative), and some families share a tablet. A ring's drops are opened
 * and run from the organiser's few devices and VPN addresses, and several of them switch to the ring's SIM cards.
 * Remote-access loan victims show one login from the ring's address just before the loan.
 */
import { emitted } from "./almaty-time.js";
import { BANKS } from "./banks.js";
import type { Cast } from "./cast.js";
import { makeDeviceId } from "./identifiers.js";
import type { Rng } from "./prng.js";
import type { World } from "./world.js";

export type LinkageEvent = "login" | "card_bind" | "phone_change" | "account_open" | "device_bind";

export interface LinkageRow {
  /** Emitted instant, epoch seconds. */
  ts: number;
  iin: string;
  card: string;
  account: string;
  phone: string;
  deviceId: string;
  ip: string;
  event: LinkageEvent;
}

const HOUR = 3600;
const DAY = 86400;

/** Session-log rows per bank index (only the exporting banks get any), each list in time order. */
export function buildLinkage(world: World, cast: Cast, rng: Rng): Map<number, LinkageRow[]> {
  const byBank = new Map<number, LinkageRow[]>();
  const { cal } = cast;
  const periodStart = cal.startVirtual;
  const periodEnd = cal.endVirtual;
  const inPeriod = () => cal.at(rng.int(0, cal.days - 1), rng.int(7 * HOUR, 23 * HOUR));

  const tablets = new Map<number, string>();
  cast.families.forEach((_, f) => {
    if (rng.chance(0.08)) tablets.set(f, makeDeviceId(rng));
  });
  const familyOfHolder = new Map<number, number>();
  cast.persons.forEach((p) => familyOfHolder.set(p.holder, p.family));
  const remoteLogins = new Map<number, { at: number; ring: number }>();
  for (const v of cast.victims)
    if (v.remoteLoginAt >= 0 && v.seeds.length > 0)
      remoteLogins.set(v.account, { at: v.remoteLoginAt, ring: v.ring });
  const memberIndex = new Map<number, { ring: number; index: number }>();
  cast.rings.forEach((ring, r) =>
    ring.members.forEach((m, index) => memberIndex.set(m.account, { ring: r, index })),
  );

  world.accounts.forEach((a, acc) => {
    const bank = BANKS[a.bank]!;
    if (!bank.style || !world.active[acc]) return;
    const h = world.holders[a.holder]!;
    if (h.type !== "person" && h.type !== "sole_proprietor") return;
    let rows = byBank.get(a.bank);
    if (!rows) byBank.set(a.bank, (rows = []));
    const account = a.iban ?? a.number!;
    const add = (t: number, event: LinkageEvent, fields: Partial<Omit<LinkageRow, "ts" | "event">>) =>
      rows.push({
        ts: emitted(t),
        iin: h.id,
        card: "",
        account,
        phone: "",
        deviceId: "",
        ip: "",
        event,
        ...fields,
      });

    if (a.ring >= 0) {
      const ring = cast.rings[a.ring]!;
      const mi = memberIndex.get(acc);
      const dev = ring.devices[(mi?.index ?? 0) % ring.devices.length]!;
      const ringStart = cal.at(ring.startDay, 0);
      const rented = mi !== undefined && ring.members[mi.index]!.rentedFrom >= 0;
      const organiser = a.role === "organiser";
      const opensRemotely = !organiser && !rented;
      add(a.openedAt, "account_open", {
        phone: opensRemotely ? h.phone : (h.phone ?? ""),
        deviceId: opensRemotely ? dev : "",
        ip: opensRemotely ? rng.pick(ring.ips) : (h.homeIp ?? ""),
      });
      if (a.card)
        add(a.openedAt + rng.int(300, 3 * HOUR), "card_bind", { card: a.card, phone: h.phone ?? "" });
      if (organiser) {
        add(ringStart - rng.int(1, 3) * DAY, "login", {
          deviceId: ring.devices[0]!,
          ip: ring.ips[0]!,
          phone: h.phone ?? "",
        });
        for (let k = rng.int(2, 4); k > 0; k--)
          add(cal.at(rng.int(ring.startDay, ring.endDay), rng.int(8 * HOUR, 23 * HOUR)), "login", {
            deviceId: rng.pick(ring.devices),
            ip: rng.pick(ring.ips),
          });
        add(inPeriod(), "login", { deviceId: h.device ?? "", ip: h.homeIp ?? "" });
      } else {
        const bindAt = Math.max(a.openedAt + HOUR, ringStart - rng.int(1, 5) * DAY);
        add(bindAt, "device_bind", { deviceId: dev, ip: rng.pick(ring.ips) });
        if (rented || rng.chance(0.4))
          add(bindAt + rng.int(600, 6 * HOUR), "phone_change", {
            phone: ring.phones[ring.phones.length - 1]!,
          });
        for (let k = rng.int(2, 5); k > 0; k--)
          add(
            cal.at(
              rng.int(ring.startDay, Math.min(cal.days - 1, ring.endDay + 2)),
              rng.int(7 * HOUR, 24 * HOUR - 1),
            ),
            "login",
            {
              deviceId: rng.chance(0.7) ? dev : rng.pick(ring.devices),
              ip: rng.pick(ring.ips),
            },
          );
      }
      return;
    }

    // Ordinary people (and sole proprietors' business accounts, without a device).
    const person = h.type === "person";
    const home = h.homeIp ?? "";
    add(a.openedAt, "account_open", {
      phone: h.phone ?? "",
      deviceId: person ? (h.device ?? "") : "",
      ip: home,
    });
    if (a.card) {
      const t = a.openedAt >= periodStart ? a.openedAt + rng.int(300, 2 * HOUR) : inPeriod();
      add(t, "card_bind", { card: a.card, phone: h.phone ?? "" });
    }
    if (!person) return;
    const tablet = tablets.get(familyOfHolder.get(a.holder) ?? -1);
    for (let k = rng.int(0, 3); k > 0; k--) {
      const t = inPeriod();
      if (t < a.openedAt || t >= periodEnd) continue;
      add(t, "login", {
        deviceId: tablet && rng.chance(0.3) ? tablet : (h.device ?? ""),
        ip: rng.chance(0.6) ? home : rng.pick(cast.mobileIps),
      });
    }
    const remote = remoteLogins.get(acc);
    if (remote) add(remote.at, "login", { deviceId: h.device ?? "", ip: cast.rings[remote.ring]!.ips[0]! });
  });
  for (const rows of byBank.values()) sortByTime(rows);
  return byBank;
}

function sortByTime(rows: LinkageRow[]): void {
  // Array.prototype.sort is stable, so equal times keep their (deterministic) insertion order.
  rows.sort((x, y) => x.ts - y.ts);
}
