/**
 * Planted fraud: victims of the four schemes pay first-line drops; every drop keeps 5–10% of what it receives and
 * forwards the rest within minutes to hours to the next layer (layering chains 2–4 hops deep, some forwards split
 * into several transfers or into amounts just under 500 000 KZT); cash-out hubs gather from many drops and pay out
 * to exits (listed exchanges and P2P traders, an unlisted P2P trader, card-to-crypto services with a wallet address
 * in the purpose, accounts abroad, ATM withdrawals abroad) and a cut to the ring's organiser. Rented sole-proprietor
 * accounts first show a little real trade, then go quiet until the ring uses them.
 */
import type { Cast, ExitChannel, Ring, RingMember, Victim } from "./cast.js";
import { KNP } from "./ordinary.js";
import type { Rng } from "./prng.js";
import type { World } from "./world.js";

const KZT = 100;
const roundDown = (tiyn: number, kzt: number) => Math.floor(tiyn / (kzt * KZT)) * kzt * KZT;
const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

/** Stated bound of the planted shape: no forward leaves later than this after the money it forwards arrived. */
export const FORWARD_WITHIN_HOURS = 24;
/** Planned delays stay well inside the bound (the skipped ambiguous hour of 29 February can add two hours). */
const MAX_FORWARD_DELAY = 12 * HOUR;
/** Victims pay at least this much; with 100 KZT rounding of forwards, retention then stays under 10%. */
const MIN_VICTIM_PAYMENT = 15000 * KZT;

/** Thrown when the simulation breaks one of its own invariants (a bug in the generator, never bad input). */
export class GeneratorInvariantError extends Error {
  override name = "GeneratorInvariantError";
}

export class RingTraffic {
  /** Round-robin cursor per ring for choosing first-line drops. */
  private readonly cursor: number[];
  /** Wallet address named in an interned purpose → the wallet (for the exit-key rule). */
  readonly walletPurposes = new Map<number, string>();

  constructor(
    private readonly world: World,
    private readonly cast: Cast,
    private readonly rng: Rng,
  ) {
    this.cursor = cast.rings.map(() => 0);
  }

  /** Schedule everything that does not depend on the day loop: the incidents and the rented accounts' old trade. */
  planAll(): void {
    const { cal } = this.cast;
    for (const v of this.cast.victims) {
      this.world.queue.push(cal.at(v.day, this.rng.int(9 * HOUR, 21 * HOUR)), (t) => this.incident(v, t, 0));
    }
    for (const ring of this.cast.rings) {
      for (const m of ring.members) {
        if (m.rentedFrom < 0) continue;
        // A few real customers early on, then silence until the ring starts.
        const lastDay = Math.max(0, ring.startDay - 25);
        const k = this.rng.int(2, 5);
        for (let i = 0; i < k; i++) {
          const payer = this.cast.persons[this.rng.int(0, this.cast.persons.length - 1)]!;
          // Customers of the old trade are never the ring's own victims, so ring money stays unambiguous.
          if (payer.victim) continue;
          this.world.queue.push(cal.at(this.rng.int(0, lastDay), this.rng.int(10 * HOUR, 19 * HOUR)), (t) => {
            const amt =
              Math.round(
                Math.min(this.rng.range(3000, 25000) * KZT, this.world.available(payer.spend, t) * 0.2) / KZT,
              ) * KZT;
            if (amt >= 1000 * KZT)
              this.world.transfer(
                payer.spend,
                m.account,
                amt,
                t,
                this.world.purpose("Оплата за услуги"),
                "card",
                KNP.services,
              );
          });
        }
      }
    }
  }

  private firstLine(ring: number, preferRented: boolean): RingMember {
    const members = this.cast.rings[ring]!.members.filter((m) => m.layer === 0);
    if (preferRented) {
      const rented = members.filter((m) => m.rentedFrom >= 0);
      if (rented.length > 0 && this.rng.chance(0.7)) return this.rng.pick(rented);
    }
    return members[this.cursor[ring]!++ % members.length]!;
  }

  /** Run one victim's incident (or one step of it); postpone when the victim has too little money yet. */
  private incident(v: Victim, t: number, step: number): void {
    const w = this.world;
    const ring = this.cast.rings[v.ring]!;
    const avail = w.available(v.account, t);
    const retry = () => {
      const next = t + 3 * DAY;
      if (step === 0 && next < this.cast.cal.at(ring.endDay, 0))
        w.queue.push(next, (t2) => this.incident(v, t2, 0));
    };
    const pay = (to: RingMember, amount: number, at: number, purpose: string, channel: "card" | "app") => {
      w.queue.push(at, (ts) => {
        const row = w.transfer(v.account, to.account, amount, ts, w.purpose(purpose), channel, KNP.family);
        if (row < 0) return;
        v.seeds.push(row);
        this.receive(to, amount, ts);
      });
    };
    switch (v.scheme) {
      case "marketplace": {
        const amount = roundDown(
          Math.min(this.rng.logNormal(60000, 0.7) * KZT, avail * 0.9, 400000 * KZT),
          100,
        );
        if (amount < MIN_VICTIM_PAYMENT) return retry();
        const item = this.rng.pick([
          "Предоплата за товар",
          "Оплата за товар по объявлению",
          "Предоплата за доставку",
          "Оплата заказа",
        ]);
        pay(this.firstLine(v.ring, true), amount, t, item, "card");
        return;
      }
      case "safe_account": {
        const total = roundDown(avail * this.rng.range(0.6, 0.95), 1000);
        if (total < 2 * MIN_VICTIM_PAYMENT) return retry();
        const parts = total >= 300000 * KZT ? this.rng.int(2, 3) : 1;
        const purpose = this.rng.pick(["Перевод", "Перевод собственных средств", "Перевод на свой счет"]);
        let left = total;
        let at = t;
        for (let i = 0; i < parts; i++) {
          const amt = i === parts - 1 ? left : roundDown(total / parts, 1000);
          left -= amt;
          pay(this.firstLine(v.ring, false), amt, at, purpose, "app");
          at += this.rng.int(2 * MIN, 15 * MIN);
        }
        return;
      }
      case "investment": {
        // Several growing payments over two weeks or so; each one decided when it happens.
        const base = Math.min(this.rng.range(30000, 100000) * KZT, avail * 0.5);
        if (step === 0 && base < MIN_VICTIM_PAYMENT) return retry();
        const amount = roundDown(Math.min(base * Math.pow(1.4, step), avail * 0.8), 1000);
        if (amount >= MIN_VICTIM_PAYMENT) {
          const purpose = this.rng.pick([
            "Пополнение инвестиционного счета",
            "Инвестиции в проект",
            "Оплата брокерских услуг",
          ]);
          pay(this.firstLine(v.ring, false), amount, t, purpose, "app");
        }
        const steps = 3 + (v.person % 3);
        const next = t + this.rng.int(3, 5) * DAY;
        if (step + 1 < steps && next < this.cast.cal.at(ring.endDay, 0))
          w.queue.push(next, (t2) => this.incident(v, t2, step + 1));
        return;
      }
      case "remote_loan": {
        // The fraudster, in the victim's app through a remote-access session, takes a micro-loan and sends it on.
        const mfo = this.rng.pick(this.cast.mfos);
        const loan = this.rng.int(10, 100) * 10000 * KZT;
        v.remoteLoginAt = t - this.rng.int(5 * MIN, 30 * MIN);
        w.transfer(
          mfo,
          v.account,
          loan,
          t,
          w.purpose(`Выдача микрокредита по договору №${700000 + v.person}`),
          "internet",
          KNP.loanOut,
        );
        pay(this.firstLine(v.ring, false), loan, t + this.rng.int(2 * MIN, 15 * MIN), "Перевод", "app");
        return;
      }
    }
  }

  /** A ring member receives money it will forward. */
  receive(m: RingMember, amount: number, t: number): void {
    m.received += amount;
    m.pending += amount;
    if (m.pendingT === t) m.pendingTAmt += amount;
    else {
      m.pendingT = t;
      m.pendingTAmt = amount;
    }
    if (!m.scheduled) {
      m.scheduled = true;
      const delay = m.hub
        ? this.rng.int(30 * MIN, MAX_FORWARD_DELAY - HOUR)
        : Math.min(MAX_FORWARD_DELAY - HOUR, Math.round(this.rng.logNormal(50 * MIN, 1.1)) + 3 * MIN);
      this.world.queue.push(t + delay, (t2) => this.forward(m, t2));
    }
  }

  private ringOf(m: RingMember): Ring {
    return this.cast.rings[this.world.accounts[m.account]!.ring]!;
  }

  private forward(m: RingMember, t: number): void {
    m.scheduled = false;
    const usable = m.pending - (m.pendingT === t ? m.pendingTAmt : 0);
    if (usable <= 0) {
      if (m.pending > 0) {
        m.scheduled = true;
        this.world.queue.push(t + MIN, (t2) => this.forward(m, t2));
      }
      return;
    }
    m.pending -= usable;
    if (m.pending > 0) {
      m.scheduled = true;
      this.world.queue.push(t + this.rng.int(5 * MIN, HOUR), (t2) => this.forward(m, t2));
    }
    const total = roundDown(usable * (1 - m.retention), 100);
    if (total <= 0) return;
    if (m.hub) this.cashOut(m, total, t);
    else this.passOn(m, total, t);
    if (this.rng.chance(m.hub ? 0 : 0.2))
      this.world.queue.push(t + this.rng.int(1, 6) * DAY, (t2) => this.spendCut(m, t2));
  }

  /** Split a drop's forward over its next-layer targets: one transfer, a few, or a run just under 500 000 KZT. */
  private passOn(m: RingMember, total: number, t: number): void {
    const ring = this.ringOf(m);
    const parts: number[] = [];
    if (total >= 1_000_000 * KZT && this.rng.chance(0.6)) {
      let left = total;
      while (left > 0) {
        const p = Math.min(left, this.rng.int(450, 499) * 1000 * KZT);
        parts.push(p);
        left -= p;
      }
    } else if (total >= 100000 * KZT && this.rng.chance(0.5)) {
      const k = this.rng.int(2, 3);
      let left = total;
      for (let i = 0; i < k - 1; i++) {
        const p = roundDown((total / k) * this.rng.range(0.7, 1.3), 1000);
        parts.push(p);
        left -= p;
      }
      parts.push(left);
    } else parts.push(total);
    let at = t;
    parts.forEach((amt, i) => {
      const target = ring.members[m.targets[(i + this.cursorFor(m)) % m.targets.length]!]!;
      this.send(
        m,
        target.account,
        amt,
        at,
        this.rng.pick(["Перевод", "Возврат долга", "Перевод по номеру телефона"]),
        "card",
        KNP.family,
        target,
      );
      at += this.rng.int(MIN, 10 * MIN);
    });
  }

  private readonly memberCursor = new Map<RingMember, number>();
  private readonly organiserPaid = new Set<Ring>();
  private cursorFor(m: RingMember): number {
    const c = this.memberCursor.get(m) ?? 0;
    this.memberCursor.set(m, c + 1);
    return c;
  }

  /** A hub pays the organiser's cut and sends the rest to one or two of the ring's exits. */
  private cashOut(m: RingMember, total: number, t: number): void {
    const ring = this.ringOf(m);
    let at = t;
    let rest = total;
    if (!this.organiserPaid.has(ring) || this.rng.chance(0.7)) {
      this.organiserPaid.add(ring);
      const cut = roundDown(total * this.rng.range(0.02, 0.05), 100);
      if (cut > 0) {
        this.send(m, ring.organiser, cut, at, "Возврат долга", "card", KNP.family, null);
        rest -= cut;
        at += this.rng.int(MIN, 10 * MIN);
      }
    }
    let chosen: ExitChannel[] = this.rng.sample(ring.exits, this.rng.int(1, 2));
    // ATMs dispense round sums: pair them with an account channel that takes the remainder.
    if (chosen.every((c) => c.type === "atm"))
      chosen = [...chosen, ring.exits.find((c) => c.type !== "atm")!];
    chosen.sort((a, b) => (a.type === "atm" ? 0 : 1) - (b.type === "atm" ? 0 : 1));
    chosen.forEach((c, i) => {
      const last = i === chosen.length - 1;
      let amt = last ? rest : roundDown(rest * this.rng.range(0.4, 0.6), 1000);
      if (c.type === "atm") {
        // Up to five withdrawals of at most 300 000 KZT, in 10 000 KZT notes; the rest goes to the next channel.
        amt = Math.min(roundDown(amt, 10000), 5 * 300000 * KZT);
        let left = amt;
        const atm = this.rng.pick(c.atms);
        while (left > 0) {
          const chunk = Math.min(left, 300000 * KZT);
          this.withdraw(m, atm, chunk, at);
          left -= chunk;
          at += this.rng.int(MIN, 4 * MIN);
        }
      } else if (c.type === "wallet") {
        const purpose = c.wallet.startsWith("T")
          ? `Покупка USDT (TRC20), кошелек ${c.wallet}`
          : c.wallet.startsWith("0x")
            ? `Покупка USDT (ERC20), адрес ${c.wallet}`
            : `Покупка BTC, адрес ${c.wallet}`;
        this.walletPurposes.set(this.world.purpose(purpose), c.wallet);
        if (amt > 0) this.send(m, c.account, amt, at, purpose, "app", KNP.services, null);
      } else if (amt > 0) {
        const acc = this.world.accounts[c.account]!;
        if (acc.kind === "foreign")
          this.send(
            m,
            c.account,
            amt,
            at,
            `Оплата по инвойсу №INV-${this.rng.int(1000, 9999)}`,
            "swift",
            KNP.goods,
            null,
          );
        else if (acc.kind === "personal")
          this.send(m, c.account, amt, at, "Перевод", "card", KNP.family, null);
        else
          this.send(
            m,
            c.account,
            amt,
            at,
            "Пополнение баланса по договору-оферте",
            "app",
            KNP.services,
            null,
          );
      }
      rest -= amt;
      at += this.rng.int(MIN, 20 * MIN);
    });
  }

  /** Schedule a committed outflow; it must succeed, because the money is set aside in `committed`. */
  private send(
    m: RingMember,
    to: number,
    amount: number,
    at: number,
    purpose: string,
    channel: "card" | "app" | "swift",
    knp: number,
    next: RingMember | null,
  ): void {
    const w = this.world;
    m.committed += amount;
    w.queue.push(at, (ts) => {
      const row = w.transfer(m.account, to, amount, ts, w.purpose(purpose), channel, knp);
      if (row < 0)
        throw new GeneratorInvariantError(
          `generator/rings: ${w.accounts[m.account]!.key} could not forward ${amount / KZT} KZT`,
        );
      m.committed -= amount;
      if (next) this.receive(next, amount, ts);
      else if (to === this.ringOf(m).organiser) this.organiserSpends(to, ts);
    });
  }

  private withdraw(m: RingMember, atm: number, amount: number, at: number): void {
    const w = this.world;
    m.committed += amount;
    w.queue.push(at, (ts) => {
      if (w.withdraw(m.account, atm, amount, ts) < 0)
        throw new GeneratorInvariantError(
          `generator/rings: ${w.accounts[m.account]!.key} could not withdraw ${amount / KZT} KZT`,
        );
      m.committed -= amount;
    });
  }

  /** A drop spends part of its cut days later: cash at home or a purchase. */
  private spendCut(m: RingMember, t: number): void {
    const w = this.world;
    const free = w.available(m.account, t) - m.pending - m.committed;
    const amt = roundDown(free * this.rng.range(0.3, 0.8), 1000);
    if (amt < 5000 * KZT) return;
    if (this.rng.chance(0.5)) w.withdraw(m.account, this.rng.pick(this.cast.domesticAtms), amt, t);
    else this.shop(m.account, amt, t);
  }

  private organiserSpends(acc: number, t: number): void {
    if (!this.rng.chance(0.5)) return;
    this.world.queue.push(t + this.rng.int(1, 5) * DAY, (t2) => {
      const amt = roundDown(this.world.available(acc, t2) * this.rng.range(0.3, 0.7), 1000);
      if (amt < 5000 * KZT) return;
      if (this.rng.chance(0.4))
        this.world.withdraw(acc, this.rng.pick(this.cast.domesticAtms), Math.min(amt, 500000 * KZT), t2);
      else this.shop(acc, amt, t2);
    });
  }

  private shop(acc: number, amount: number, t: number): void {
    const shop = this.cast.shops[this.rng.int(0, this.cast.shops.length - 1)]!;
    const w = this.world;
    const name = w.holders[w.accounts[shop.account]!.holder]!.name;
    w.transfer(acc, shop.account, amount, t, w.purpose(`Оплата покупки, ${name}`), "pos", KNP.goods);
  }
}
