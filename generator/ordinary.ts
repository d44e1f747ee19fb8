/**
 * Ordinary traffic, planned one local day at a time: salaries (payroll fan-out), pensions, shop purchases (merchant
 * fan-in), utilities, rent, family transfers and allowances, cash, people moving their salary to their other bank,
 * crypto purchases through listed exchanges, cash abroad on holiday, micro-loans, remittances, and the businesses'
 * own settlements (shops and utilities pay their suppliers weekly, employers are topped up before payday and pay
 * taxes). Every amount is decided when the event runs, from the money the payer has then.
 */
import { monthRu } from "./names.js";
import { pickCumulative, type Cast, type Person } from "./cast.js";
import type { Rng } from "./prng.js";
import type { World } from "./world.js";

/** Purpose codes (KNP) used by the generator. */
export const KNP = {
  salary: 311,
  pension: 313,
  family: 119,
  own: 342,
  goods: 710,
  services: 859,
  loanOut: 421,
  loanRepay: 423,
  taxes: 911,
} as const;

const UTILITY_SERVICES = [
  "коммунальные услуги",
  "мобильную связь",
  "интернет",
  "электроэнергию",
  "водоснабжение",
  "газ",
];
const FAMILY_PURPOSES = [
  "Перевод",
  "Перевод родственнику",
  "На продукты",
  "Подарок",
  "Перевод по номеру телефона",
];

const KZT = 100;
const roundDown = (tiyn: number, kzt: number) => Math.floor(tiyn / (kzt * KZT)) * kzt * KZT;

export class OrdinaryTraffic {
  private contractNo = 1000;

  constructor(
    private readonly world: World,
    private readonly cast: Cast,
    private readonly rng: Rng,
  ) {}

  /** Random virtual time on day `d` between local hours `h1` and `h2`. */
  private at(d: number, h1: number, h2: number): number {
    return this.cast.cal.at(d, this.rng.int(h1 * 3600, h2 * 3600 - 1));
  }

  /** Schedule day `d`'s ordinary events. */
  planDay(d: number): void {
    const { cal } = this.cast;
    const { y, mo, d: dom, weekday } = cal.dayParts(d);
    const rng = this.rng;
    const q = this.world.queue;
    const w = this.world;

    // Payroll runs (employers) and pensions.
    this.cast.employers.forEach((e) => {
      if (e.employees.length === 0) return;
      if (dom === e.payday) {
        // Pay runs early in the month pay for the month before.
        const [pm, py] = dom <= 15 ? (mo === 1 ? [12, y - 1] : [mo - 1, y]) : [mo, y];
        this.payroll(
          d,
          e.account,
          e.employees,
          e.advanceDay > 0 ? 0.6 : 1,
          `Заработная плата за ${monthRu(pm)} ${py}`,
        );
      } else if (dom === e.advanceDay)
        this.payroll(d, e.account, e.employees, 0.4, `Аванс за ${monthRu(mo)} ${y}`);
      if (dom === 26) this.taxes(d, e.account, e.employees);
    });
    for (const i of this.cast.pensioners) {
      const p = this.cast.persons[i]!;
      if (p.pensionDay !== dom) continue;
      const t = this.at(d, 6, 9);
      q.push(t, (t) => {
        const row = w.transfer(
          this.cast.pensionPayer,
          p.main,
          p.income,
          t,
          w.purpose(`Пенсионные выплаты за ${monthRu(mo)} ${y}`),
          "payroll",
          KNP.pension,
        );
        if (row >= 0) this.afterIncome(p, t);
      });
    }

    // Weekly settlements of shops and utilities to their suppliers.
    for (const c of [...this.cast.shops, ...this.cast.utilities]) {
      if (c.weekday !== weekday) continue;
      q.push(this.at(d, 18, 21), (t) => {
        const amt = roundDown(w.available(c.account, t) * rng.range(0.85, 0.95), 1000);
        if (amt >= 10000 * KZT)
          w.transfer(
            c.account,
            this.cast.employers[c.supplier]!.account,
            amt,
            t,
            w.purpose(`Оплата поставщику по договору №${(this.contractNo++ % 9000) + 1000}`),
            "internet",
            KNP.goods,
          );
      });
    }
    // Crypto exchanges and P2P traders pay people who sold them crypto.
    for (const ex of [
      ...this.cast.exchanges,
      ...this.cast.p2p,
      this.cast.unlistedP2p,
      ...this.cast.card2crypto,
    ]) {
      const k = rng.chance(0.6) ? rng.int(1, 3) : 0;
      for (let j = 0; j < k; j++) {
        const payee = rng.int(0, this.cast.persons.length - 1);
        q.push(this.at(d, 9, 23), (t) => {
          const amt = roundDown(Math.min(rng.logNormal(80000, 0.8) * KZT, w.available(ex, t) * 0.3), 1000);
          const personal = w.accounts[ex]!.kind === "personal";
          if (amt >= 5000 * KZT)
            w.transfer(
              ex,
              this.cast.persons[payee]!.main,
              amt,
              t,
              w.purpose(personal ? "Перевод" : "Выплата по договору-оферте"),
              personal ? "card" : "internet",
              personal ? KNP.family : KNP.services,
            );
        });
      }
    }

    // People.
    const persons = this.cast.persons;
    for (let i = 0; i < persons.length; i++) {
      const p = persons[i]!;
      if (rng.chance(p.shopRate)) q.push(this.at(d, 8, 23), (t) => this.purchase(p, t));
      if (p.familyRate > 0 && rng.chance(p.familyRate))
        q.push(this.at(d, 8, 23), (t) => this.familyTransfer(p, i, t));
      if (rng.chance(p.atmRate)) q.push(this.at(d, 8, 22), (t) => this.cash(p, t));
      if (p.utilityDay === dom) {
        for (const u of p.utilities) q.push(this.at(d, 9, 22), (t) => this.utility(p, u, mo, y, t));
      }
      if (p.rentDay === dom && p.landlord >= 0) {
        q.push(this.at(d, 9, 21), (t) => {
          if (w.available(p.spend, t) * 0.9 >= p.rent)
            w.transfer(
              p.spend,
              persons[p.landlord]!.main,
              p.rent,
              t,
              w.purpose(`Аренда квартиры за ${monthRu(mo)}`),
              "app",
              KNP.family,
            );
        });
      }
      if (p.allowanceFrom >= 0 && p.allowanceDay === dom) {
        const parent = persons[p.allowanceFrom]!;
        q.push(this.at(d, 9, 21), (t) => {
          const amt = roundDown(
            Math.min(rng.range(30000, 90000) * KZT, w.available(parent.spend, t) * 0.3),
            1000,
          );
          if (amt > 0) w.transfer(parent.spend, p.main, amt, t, w.purpose("На учебу"), "card", KNP.family);
        });
      }
      if (p.cryptoTo >= 0 && p.cryptoDay === dom) {
        q.push(this.at(d, 10, 23), (t) => {
          const amt = roundDown(
            Math.min(rng.range(20000, 300000) * KZT, w.available(p.spend, t) * 0.4),
            1000,
          );
          const personal = w.accounts[p.cryptoTo]!.kind === "personal";
          if (amt > 0)
            w.transfer(
              p.spend,
              p.cryptoTo,
              amt,
              t,
              w.purpose(personal ? "Перевод" : "Пополнение баланса по договору-оферте"),
              personal ? "card" : "app",
              personal ? KNP.family : KNP.services,
            );
        });
      }
      if (p.remitDay === dom) {
        if (p.remitFrom >= 0)
          q.push(this.at(d, 7, 20), (t) => {
            const row = w.transfer(
              p.remitFrom,
              p.main,
              Math.round(rng.range(30000, 200000)) * KZT,
              t,
              w.purpose("Money transfer"),
              "swift",
              KNP.family,
            );
            if (row >= 0) this.afterIncome(p, t);
          });
        if (p.remitTo >= 0)
          q.push(this.at(d, 10, 20), (t) => {
            const amt = roundDown(
              Math.min(rng.range(20000, 120000) * KZT, w.available(p.spend, t) * 0.3),
              1000,
            );
            if (amt > 0)
              w.transfer(p.spend, p.remitTo, amt, t, w.purpose("Перевод родственнику"), "swift", KNP.family);
          });
      }
      if (p.loan) {
        const loan = p.loan;
        const since = d - loan.day;
        if (since === 0) {
          const no = this.contractNo++;
          q.push(this.at(d, 9, 21), (t) => {
            w.transfer(
              loan.mfo,
              p.main,
              loan.amount,
              t,
              w.purpose(`Выдача микрокредита по договору №${no}`),
              "internet",
              KNP.loanOut,
            );
          });
        } else if (since > 0 && since % 30 === 0 && since <= 90) {
          q.push(this.at(d, 9, 21), (t) => {
            const amt = Math.round(loan.amount * 0.4);
            if (w.available(p.main, t) >= amt)
              w.transfer(p.main, loan.mfo, amt, t, w.purpose("Погашение микрокредита"), "app", KNP.loanRepay);
          });
        }
      }
      if (p.trip && d >= p.trip.day && d < p.trip.day + 4) {
        const atms = p.trip.atms;
        q.push(this.at(d, 10, 20), (t) => {
          const amt = roundDown(
            Math.min(rng.range(50000, 200000) * KZT, w.available(p.spend, t) * 0.5),
            10000,
          );
          if (amt > 0) w.withdraw(p.spend, rng.pick(atms), amt, t);
        });
      }
    }
  }

  /** Pay `share` of each employee's monthly salary, topping the employer up from state contracts first if needed. */
  private payroll(d: number, employer: number, employees: number[], share: number, purpose: string): void {
    const w = this.world;
    const persons = this.cast.persons;
    const t0 = this.at(d, 10, 12);
    const total = employees.reduce((s, i) => s + Math.round((persons[i]!.income * share) / KZT) * KZT, 0);
    const topUpAt = t0 - this.rng.int(1800, 5400);
    w.queue.push(topUpAt, (t) => {
      const need = total * 1.15 - w.available(employer, t);
      if (need > 0) {
        const amt = Math.ceil(need / (100000 * KZT)) * 100000 * KZT;
        w.transfer(
          this.cast.treasury,
          employer,
          amt,
          t,
          w.purpose(`Оплата по договору государственных закупок №${this.contractNo++}`),
          "internet",
          KNP.goods,
        );
      }
    });
    w.queue.push(t0, (t) => {
      const pid = w.purpose(purpose);
      employees.forEach((i, k) => {
        const p = persons[i]!;
        const amt = Math.round((p.income * share) / KZT) * KZT;
        // A pay run goes out in batches of 25 a second.
        const ts = t + Math.floor(k / 25);
        if (ts === t) {
          if (w.transfer(employer, p.main, amt, t, pid, "payroll", KNP.salary) >= 0) this.afterIncome(p, t);
        } else
          w.queue.push(ts, (ts) => {
            if (w.transfer(employer, p.main, amt, ts, pid, "payroll", KNP.salary) >= 0)
              this.afterIncome(p, ts);
          });
      });
    });
  }

  private taxes(d: number, employer: number, employees: number[]): void {
    const w = this.world;
    const persons = this.cast.persons;
    const total = employees.reduce((s, i) => s + persons[i]!.income, 0);
    w.queue.push(this.at(d, 11, 17), (t) => {
      const amt = roundDown(Math.min(total * 0.1, w.available(employer, t) * 0.5), 1);
      if (amt > 0)
        w.transfer(
          employer,
          this.cast.treasury,
          amt,
          t,
          w.purpose("ИПН и социальные отчисления"),
          "internet",
          KNP.taxes,
        );
    });
  }

  /** People with two banks move most of a salary to their spending account within minutes to hours. */
  private afterIncome(p: Person, t: number): void {
    if (p.spend === p.main) return;
    const w = this.world;
    w.queue.push(t + this.rng.int(300, 4 * 3600), (t2) => {
      const amt = roundDown(w.available(p.main, t2) * this.rng.range(0.85, 1), 1000);
      if (amt > 0)
        w.transfer(p.main, p.spend, amt, t2, w.purpose("Перевод между своими счетами"), "app", KNP.own);
    });
  }

  private purchase(p: Person, t: number): void {
    const w = this.world;
    const shop = this.cast.shops[pickCumulative(this.rng, this.cast.shopCumulative)]!;
    const amt =
      Math.round(Math.min(this.rng.logNormal(shop.median, 0.8), w.available(p.spend, t) * 0.3) / KZT) * KZT;
    if (amt < 300 * KZT) return;
    const name = w.holders[w.accounts[shop.account]!.holder]!.name;
    if (shop.personal)
      w.transfer(p.spend, shop.account, amt, t, w.purpose("Оплата за услуги"), "card", KNP.services);
    else w.transfer(p.spend, shop.account, amt, t, w.purpose(`Оплата покупки, ${name}`), "pos", KNP.goods);
  }

  private familyTransfer(p: Person, self: number, t: number): void {
    const w = this.world;
    const fam = this.cast.families[p.family]!;
    const to = fam[this.rng.int(0, fam.length - 1)]!;
    if (to === self) return;
    const amt = roundDown(Math.min(this.rng.range(3000, 60000) * KZT, w.available(p.spend, t) * 0.3), 500);
    if (amt > 0)
      w.transfer(
        p.spend,
        this.cast.persons[to]!.main,
        amt,
        t,
        w.purpose(this.rng.pick(FAMILY_PURPOSES)),
        "card",
        KNP.family,
      );
  }

  private cash(p: Person, t: number): void {
    const w = this.world;
    const amt = roundDown(Math.min(this.rng.range(5000, 60000) * KZT, w.available(p.spend, t) * 0.5), 1000);
    if (amt > 0) w.withdraw(p.spend, this.rng.pick(this.cast.domesticAtms), amt, t);
  }

  private utility(p: Person, u: number, mo: number, y: number, t: number): void {
    const w = this.world;
    const c = this.cast.utilities[u]!;
    const amt = Math.round(this.rng.logNormal(c.median, 0.35));
    if (amt <= w.available(p.spend, t) * 0.5)
      w.transfer(
        p.spend,
        c.account,
        amt,
        t,
        w.purpose(`Оплата за ${UTILITY_SERVICES[u % UTILITY_SERVICES.length]} за ${monthRu(mo)} ${y}`),
        "app",
        KNP.services,
      );
  }
}
