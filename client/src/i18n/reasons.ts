/**
 * Detection's reasons in the reader's language. The server words each reason in English from a finite set of
 * templates (server/analytics/detect/: roles.ts, clusters.ts, typology-roles.ts, typologies/*.ts, with the pieces of
 * format.ts, exits.ts and typologies/words.ts). Each entry here recognises one template, captures its numbers, amounts,
 * durations and account keys, and writes it again in Russian or Kazakh with numbers formatted for the language.
 * Text no entry recognises is shown as the server wrote it, marked as English (`localizeReason(...).lang`).
 * test/client/reasons.test.ts runs detection on generated cases of both worlds and fails on any reason left
 * unrecognised, so a new server template needs an entry here.
 */
import { localeOf, nounForm } from "./index.js";
import type { Lang } from "./types.js";

/** A reason as shown: its text and the language that text is in. */
export interface ShownReason {
  text: string;
  lang: Lang;
}

/** Pieces of the English templates (regular-expression source, one capture group each). */
const N = String.raw`(\d+)`;
const AMT = String.raw`(\d{1,3}(?: \d{3})* [A-Z][A-Z0-9]{2,})`;
const DUR = String.raw`(\d+ (?:s|min|h|days))`;
const SPAN = String.raw`(within \d+ (?:s|min|h|days)|at one time|)`;
const ANY = String.raw`(.+?)`;
/** One account key (no spaces in any bank's or simulator's keys). */
const KEY = String.raw`(\S+)`;
/** exits.ts's cashOutWords: "1 000 KZT to crypto wallets, 500 KZT to ATMs abroad" (one group, the whole list). */
const EXITS = String.raw`(?:crypto wallets|ATMs abroad|watch-listed exchange / P2P accounts|foreign banks|accounts that keep what suspects pay them)`;
const CASH_OUT = String.raw`(\d[\d ]* [A-Z]{3} to ${EXITS}(?:, \d[\d ]* [A-Z]{3} to ${EXITS})*)`;
/** typology-roles.ts: the evidence a drop called on its transfers' shape alone lacks. */
const MISSING_RE = String.raw`((?:no reported victim paid it|no complaints in the data); (?:no exit is known downstream|no exits \(watch-list, foreign banks, crypto, ATMs\) in the data); (?:it shares no identifier with a suspect|no shared identifiers in the data))`;
/**
 * bursts.ts: what set a fan apart besides its share and amounts, the pace and the counts captured: "; 138 times its
 * usual pace, to more receivers than it paid in all the rest of the data", "; 2 of them with fewer than three other
 * transfers in the data (opened for it)" (a fan of strangers adds ", 4 paying sums far above their usual ones", a
 * fan-out's "receiving"), "; sums far above the usual ones of the payer and of each receiver" (a fan-in: "of the
 * account and of each sender") or "; each sum 5 times or more the payer's usual ones and among the data's largest,
 * and far above the usual ones of 1 receiver" (a fan-out), the last two in one group.
 */
const FAN_WHY = String.raw`(?:; ((?:over )?\d+) times its usual pace, (?:to more receivers than it paid|from more senders than paid it) in all the rest of the data)?(?:; (\d+) of them with fewer than three other transfers in the data \(opened for it\)(?:, (\d+) (?:paying|receiving) sums far above their usual ones)?)?(; sums far above the usual ones of (?:the payer and of each receiver|the account and of each sender)|; each sum \d+ times or more the payer's usual ones and among the data's largest, and far above the usual ones of \d+ receivers?)?`;
/** "1 victim" / "3 victims", the count captured. */
const nouns = (one: string, many = `${one}s`) => String.raw`(\d+) (?:${one}|${many})`;

/** How one language words the pieces. */
interface Words {
  lang: Lang;
  num(n: number): string;
  pct(n: number): string;
  /** "1 250 000 KZT" → the language's grouping and the currency's sign. */
  money(s: string): string;
  /** "35 min", "2 h", "3 days". */
  dur(s: string): string;
  /** "within 3 days" / "at one time" / "". */
  span(s: string): string;
  /** A number and a noun in the right plural form: forms are one/few/many (ru) or a single form (kk). */
  n(count: string | number, forms: readonly string[]): string;
  /** A list of keys ending in "and N more". */
  list(s: string): string;
  /** "case A, case B and 2 more". */
  cases(s: string): string;
  /** "1 000 KZT to crypto wallets, 500 KZT to ATMs abroad". */
  cashOut(s: string): string;
  /** "device D1, ip 10.0.0.1 and 2 more" (optionally with " (3 members)" after each). */
  ids(s: string): string;
  /** A transfer path: "A → B 1 000 USD (2024-03-04 10:00 UTC), → C 950 USD (+3 h), and 2 more". */
  path(s: string): string;
  /** Typology names as the cluster reason lists them: "fan-in (3 members), layering chain (1 member)". */
  typologies(s: string): string;
}

/** FAN_WHY in Russian ("in": a fan-in's senders, "out": a fan-out's receivers). */
function fanWhyRu(
  pace: string | undefined,
  opened: string | undefined,
  dir: "in" | "out",
  w: Words,
  both?: string,
  unusual?: string,
): string {
  const fast = both && /^; each sum (\d+) .* of (\d+) receivers?$/.exec(both);
  if (fast)
    return `; каждая сумма в ${w.num(+fast[1]!)} раз и более выше обычных сумм плательщика и среди крупнейших в данных, и намного выше обычных для ${w.n(fast[2]!, ["получателя", "получателей", "получателей"])}`;
  if (both)
    return dir === "out"
      ? "; суммы намного выше обычных и для плательщика, и для каждого получателя"
      : "; суммы намного выше обычных и для этого счёта, и для каждого отправителя";
  if (pace)
    return `; ${pace.startsWith("over ") ? `более чем в ${w.num(+pace.slice(5))}` : `в ${w.num(+pace)}`} раз выше его обычного темпа, ${dir === "out" ? "получателей больше, чем он оплатил" : "отправителей больше, чем ему платили"} за всё остальное время в данных`;
  if (opened)
    return (
      `; у ${w.num(+opened)} из них меньше трёх других переводов в данных (открыты для этого)` +
      (unusual
        ? `, ${w.num(+unusual)} ${dir === "out" ? "получили" : "заплатили"} суммы намного выше своих обычных`
        : "")
    );
  return "";
}

/** FAN_WHY in Kazakh. */
function fanWhyKk(
  pace: string | undefined,
  opened: string | undefined,
  dir: "in" | "out",
  w: Words,
  both?: string,
  unusual?: string,
): string {
  const fast = both && /^; each sum (\d+) .* of (\d+) receivers?$/.exec(both);
  if (fast)
    return `; әр сома төлеушінің әдеттегі сомаларынан ${w.num(+fast[1]!)} есе немесе одан да көп және деректердегі ең ірілерінің қатарында, ${w.num(+fast[2]!)} алушы үшін әдеттегіден әлдеқайда жоғары`;
  if (both)
    return dir === "out"
      ? "; сомалар төлеуші үшін де, әр алушы үшін де әдеттегіден әлдеқайда жоғары"
      : "; сомалар осы шот үшін де, әр жіберуші үшін де әдеттегіден әлдеқайда жоғары";
  if (pace)
    return `; әдеттегі қарқынынан ${pace.startsWith("over ") ? `${w.num(+pace.slice(5))} еседен астам` : `${w.num(+pace)} есе`} жоғары, ${dir === "out" ? "алушылары" : "жіберушілері"} деректердің қалған бүкіл кезеңіндегіден көп`;
  if (opened)
    return (
      `; олардың ${w.num(+opened)} шотында деректерде басқа аударымдар үшеуден аз (осы үшін ашылған)` +
      (unusual
        ? dir === "out"
          ? `, ${w.num(+unusual)} алушы өздерінің әдеттегісінен әлдеқайда көп сома алды`
          : `, ${w.num(+unusual)} жіберуші өздерінің әдеттегісінен әлдеқайда көп сома төледі`
        : "")
    );
  return "";
}

const DURATION_UNITS: Record<Exclude<Lang, "en">, Record<string, readonly string[]>> = {
  ru: { s: ["с"], min: ["мин"], h: ["ч"], days: ["день", "дня", "дней"] },
  kk: { s: ["с"], min: ["мин"], h: ["сағ"], days: ["күн"] },
};

const MORE: Record<Exclude<Lang, "en">, (n: string) => string> = {
  ru: (n) => ` и ещё ${n}`,
  kk: (n) => ` және тағы ${n}`,
};

const CASE_WORD: Record<Exclude<Lang, "en">, string> = { ru: "дело", kk: "іс" };

const EXIT_WORDS: Record<Exclude<Lang, "en">, Record<string, string>> = {
  ru: {
    "crypto wallets": "на криптокошельки",
    "ATMs abroad": "в банкоматах за рубежом",
    "watch-listed exchange / P2P accounts": "на счета бирж / P2P из списка наблюдения",
    "foreign banks": "в зарубежные банки",
    "accounts that keep what suspects pay them": "на счета, оставляющие себе деньги подозреваемых",
  },
  kk: {
    "crypto wallets": "криптоәмияндарға",
    "ATMs abroad": "шетелдегі банкоматтарда",
    "watch-listed exchange / P2P accounts": "бақылау тізіміндегі биржа / P2P шоттарына",
    "foreign banks": "шетел банктеріне",
    "accounts that keep what suspects pay them": "күдіктілер төлегенді өзінде қалдыратын шоттарға",
  },
};

const ID_WORDS: Record<Exclude<Lang, "en">, Record<string, string>> = {
  ru: { device: "устройство", ip: "IP", phone: "телефон", card: "карта", owner: "владелец" },
  kk: { device: "құрылғы", ip: "IP", phone: "телефон", card: "карта", owner: "иесі" },
};

const TYPOLOGY_WORDS: Record<Exclude<Lang, "en">, Record<string, string>> = {
  ru: {
    "fan-in": "веер на вход",
    "fan-out": "веер на выход",
    "gather-scatter": "сбор-раздача",
    "scatter-gather": "раздача-сбор",
    cycle: "цикл",
    bipartite: "двудольная схема",
    stack: "стопка",
    "layering chain": "цепочка расслоения",
    forwarding: "пересылка",
  },
  kk: {
    "fan-in": "кіріс желпуіші",
    "fan-out": "шығыс желпуіші",
    "gather-scatter": "жинау-тарату",
    "scatter-gather": "тарату-жинау",
    cycle: "цикл",
    bipartite: "екі үлесті сұлба",
    stack: "қабаттама",
    "layering chain": "қабаттау тізбегі",
    forwarding: "аудару",
  },
};

const MEMBER: Record<Exclude<Lang, "en">, readonly string[]> = {
  ru: ["участник", "участника", "участников"],
  kk: ["қатысушы"],
};

function wordsFor(lang: Exclude<Lang, "en">): Words {
  const loc = localeOf(lang);
  const numberFormat = new Intl.NumberFormat(loc, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(loc, { style: "percent", maximumFractionDigits: 0 });
  const num = (n: number) => numberFormat.format(n);
  const n = (count: string | number, forms: readonly string[]) =>
    `${num(Number(count))} ${nounForm(lang, Number(count), forms)}`;
  const money = (s: string) => {
    const m = /^(\d[\d ]*) (\S+)$/.exec(s);
    if (!m) return s;
    const sign = m[2] === "KZT" ? "₸" : m[2]!;
    return `${num(Number(m[1]!.replace(/ /g, "")))} ${sign}`;
  };
  const dur = (s: string) => {
    const m = /^(\d+) (s|min|h|days)$/.exec(s);
    return m ? n(m[1]!, DURATION_UNITS[lang][m[2]!]!) : s;
  };
  const more = (s: string) => s.replace(/ and (\d+) more$/, (_w, k: string) => MORE[lang](k));
  const list = (s: string) => more(s);
  // Not the minutes of a path's "(2024-03-04 10:00 UTC)", nor a key's digits.
  const amounts = (s: string) => s.replace(new RegExp(`(?<![\\d:.])${AMT}`, "g"), (a) => money(a));
  return {
    lang,
    num,
    pct: (p) => percent.format(p / 100),
    money,
    dur,
    span: (s) => {
      if (s === "at one time") return lang === "ru" ? "одновременно" : "бір мезетте";
      const m = /^within (.+)$/.exec(s);
      if (!m) return s;
      return lang === "ru" ? `за ${dur(m[1]!)}` : `${dur(m[1]!)} ішінде`;
    },
    n,
    list,
    cases: (s) => more(s).replace(/\bcase /g, `${CASE_WORD[lang]} `),
    cashOut: (s) =>
      s
        .split(", ")
        .map((item) => {
          const m = new RegExp(`^${AMT} to (.+)$`).exec(item);
          const where = m && EXIT_WORDS[lang][m[2]!];
          return m && where ? `${money(m[1]!)} ${where}` : item;
        })
        .join(", "),
    ids: (s) =>
      more(s)
        .replace(/\b(device|ip|phone|card|owner) /g, (_w, k: string) => `${ID_WORDS[lang][k]} `)
        .replace(/\((\d+) members\)/g, (_w, k: string) => `(${n(k, MEMBER[lang])})`),
    path: (s) =>
      more(amounts(s))
        .replace(/\(\+(\d+ (?:s|min|h|days))\)/g, (_w, d: string) => `(+${dur(d)})`)
        .replace(/, and (\d+) more$/, (_w, k: string) => `,${MORE[lang](k)}`),
    typologies: (s) =>
      more(s).replace(/([a-z-]+(?: chain)?) \((\d+) members?\)/g, (whole, name: string, k: string) => {
        const w = TYPOLOGY_WORDS[lang][name];
        return w ? `${w} (${n(k, MEMBER[lang])})` : whole;
      }),
  };
}

/** One recognised template: its English pattern and how ru and kk write it from the captures. */
interface Entry {
  re: RegExp;
  ru: (g: string[], w: Words) => string;
  kk: (g: string[], w: Words) => string;
}

/** Russian noun forms after a number: one / few / many. */
const RU = {
  inflow: ["поступление", "поступления", "поступлений"],
  transfer: ["перевод", "перевода", "переводов"],
  victim: ["заявленной жертвы", "заявленных жертв", "заявленных жертв"],
  suspect: ["подозреваемого", "подозреваемых", "подозреваемых"],
  suspectNom: ["подозреваемый", "подозреваемых", "подозреваемых"],
  passThrough: ["транзитного счёта", "транзитных счетов", "транзитных счетов"],
  passThroughNom: ["транзитный счёт", "транзитных счёта", "транзитных счетов"],
  suspectedAccount: ["подозреваемым счётом", "подозреваемыми счетами", "подозреваемыми счетами"],
  smallPayment: ["мелкий платёж", "мелких платежа", "мелких платежей"],
  drop: ["дроп", "дропа", "дропов"],
  hub: ["хаб обналичивания", "хаба обналичивания", "хабов обналичивания"],
  organiser: ["кандидат в организаторы", "кандидата в организаторы", "кандидатов в организаторы"],
  account: ["счёта", "счетов", "счетов"],
  accountAcc: ["счёт", "счёта", "счетов"],
  member: ["участник", "участника", "участников"],
  sender: ["отправитель", "отправителя", "отправителей"],
  oneOffSender: ["разовый отправитель", "разовых отправителя", "разовых отправителей"],
  oneOffReceiver: ["разовому получателю", "разовым получателям", "разовым получателям"],
  oneOffPayer: ["разового плательщика", "разовых плательщиков", "разовых плательщиков"],
  receiverGen: ["получателей", "получателей", "получателей"],
  receiver: ["получатель", "получателя", "получателей"],
  middle: ["промежуточный счёт", "промежуточных счёта", "промежуточных счетов"],
  counterparty: ["контрагента", "контрагентов", "контрагентов"],
  pair: ["такая пара", "такие пары", "таких пар"],
  day: ["день", "дня", "дней"],
} as const;

/** The catalogue: every template detection words, in the order the server's files have them. */
const ENTRIES: readonly Entry[] = [
  // roles.ts, basePoints
  {
    re: new RegExp(
      `^forwarded ${N}% of ${AMT} received over ${DUR} \\(${nouns("inflow")}\\), money leaving a median ${DUR} after it came in$`,
    ),
    ru: ([p, a, d, k, m], w) =>
      `переслал ${w.pct(+p!)} из ${w.money(a!)}, полученных за ${w.dur(d!)} (${w.n(k!, RU.inflow)}); деньги уходили в среднем (медиана) через ${w.dur(m!)} после поступления`,
    kk: ([p, a, d, k, m], w) =>
      `${w.dur(d!)} ішінде түскен ${w.money(a!)} сомасының ${w.pct(+p!)} аударды (${w.num(+k!)} түсім); ақша түскеннен кейін орташа (медиана) ${w.dur(m!)} өткен соң кетті`,
  },
  {
    re: new RegExp(
      `^received ${nouns("transfer")} \\(${AMT}\\) from ${nouns("reported victim")}(?: within ${DUR})? \\(${ANY}\\)(?:, forwarded ${N}% of it)?$`,
    ),
    ru: ([k, a, v, d, c, p], w) =>
      `получил ${w.n(k!, RU.transfer)} (${w.money(a!)}) от ${w.n(v!, RU.victim)}${d ? ` за ${w.dur(d)}` : ""} (${w.cases(c!)})${p ? `, переслал ${w.pct(+p)} из этого` : ""}`,
    kk: ([k, a, v, d, c, p], w) =>
      `${w.num(+v!)} арыз берген жәбірленушіден${d ? ` ${w.dur(d)} ішінде` : ""} ${w.num(+k!)} аударым (${w.money(a!)}) алды (${w.cases(c!)})${p ? `, оның ${w.pct(+p)} аударды` : ""}`,
  },
  {
    re: new RegExp(`^${N} first-time senders whose money it passed on \\(fan-in\\)$`),
    ru: ([k], w) =>
      `${w.n(k!, ["новый отправитель", "новых отправителя", "новых отправителей"])}, чьи деньги он переслал дальше (веер на вход)`,
    kk: ([k], w) => `ақшасын әрі қарай аударған ${w.num(+k!)} жаңа жіберуші (кіріс желпуіші)`,
  },
  {
    re: new RegExp(`^split ${nouns("inflow")} over ${N}\\+ receivers within ${DUR}$`),
    ru: ([k, r, d], w) =>
      `разделил ${w.n(k!, RU.inflow)} на ${w.num(+r!)}+ получателей в пределах ${w.dur(d!)}`,
    kk: ([k, r, d], w) => `${w.num(+k!)} түсімді ${w.dur(d!)} ішінде ${w.num(+r!)}+ алушыға бөлді`,
  },
  {
    re: new RegExp(`^opened ${N} days before money started passing through$`),
    ru: ([k], w) => `открыт за ${w.n(k!, RU.day)} до того, как через него пошли деньги`,
    kk: ([k], w) => `ол арқылы ақша өте бастаудан ${w.num(+k!)} күн бұрын ашылған`,
  },
  {
    re: new RegExp(`^dormant for (-?\\d+) days, then money passed through$`),
    ru: ([k], w) => `бездействовал ${w.n(k!, RU.day)}, затем через него пошли деньги`,
    kk: ([k], w) => `${w.num(+k!)} күн әрекетсіз тұрды, содан кейін ол арқылы ақша өтті`,
  },
  {
    re: new RegExp(`^no transfers in the first ${N} days of the data, then money passed through$`),
    ru: ([k], w) => `ни одного перевода в первые ${w.n(k!, RU.day)} данных, затем через него пошли деньги`,
    kk: ([k], w) => `деректің алғашқы ${w.num(+k!)} күнінде аударым жоқ, содан кейін ол арқылы ақша өтті`,
  },
  {
    re: new RegExp(`^sole proprietor's business account that passed on ${N} transfers from private persons$`),
    ru: ([k], w) => `счёт ИП, переславший дальше ${w.n(k!, RU.transfer)} от частных лиц`,
    kk: ([k], w) => `жеке тұлғалардан келген ${w.num(+k!)} аударымды әрі қарай жіберген ЖК шоты`,
  },
  {
    re: new RegExp(
      `^received a test payment of ${AMT} from ${ANY}, then ${AMT} ${DUR} later(?: \\(${N} such pairs\\))?$`,
    ),
    ru: ([a, from, b, d, k], w) =>
      `получил пробный платёж ${w.money(a!)} от ${from}, затем ${w.money(b!)} через ${w.dur(d!)}${k ? ` (${w.n(k, RU.pair)})` : ""}`,
    kk: ([a, from, b, d, k], w) =>
      `${from} шотынан ${w.money(a!)} сынақ төлемін, содан ${w.dur(d!)} өткен соң ${w.money(b!)} алды${k ? ` (осындай ${w.num(+k)} жұп)` : ""}`,
  },
  {
    re: new RegExp(`^${N} transfers just below ${AMT} within ${DUR}$`),
    ru: ([k, a, d], w) => `${w.n(k!, RU.transfer)} чуть ниже ${w.money(a!)} в пределах ${w.dur(d!)}`,
    kk: ([k, a, d], w) => `${w.dur(d!)} ішінде ${w.money(a!)} шегінен сәл төмен ${w.num(+k!)} аударым`,
  },
  {
    re: new RegExp(
      `^${N}% of what it passed on came from senders who paid it before \\(${ANY}\\): its own income$`,
    ),
    ru: ([p, who], w) =>
      `${w.pct(+p!)} пересланного пришло от тех, кто платил ему и раньше (${who}): это его собственный доход`,
    kk: ([p, who], w) =>
      `әрі қарай жіберілгеннің ${w.pct(+p!)} бұрын да төлеген жіберушілерден келді (${who}): бұл оның өз табысы`,
  },
  // roles.ts, addFunnels
  {
    re: new RegExp(`^gathers ${AMT} \\(${N}% of its inflow\\) from ${N} pass-through accounts$`),
    ru: ([a, p, k], w) => `собирает ${w.money(a!)} (${w.pct(+p!)} поступлений) с ${w.n(k!, RU.passThrough)}`,
    kk: ([a, p, k], w) => `${w.num(+k!)} транзиттік шоттан ${w.money(a!)} жинайды (түсімінің ${w.pct(+p!)})`,
  },
  {
    re: new RegExp(`^one of ${N} pass-through accounts passing money on to ${ANY}$`),
    ru: ([k, to], w) => `один из ${w.n(k!, RU.passThrough)}, пересылающих деньги на ${to}`,
    kk: ([k, to], w) => `${to} шотына ақша аударатын ${w.num(+k!)} транзиттік шоттың бірі`,
  },
  // roles.ts, decideRoles
  {
    re: /^not enough besides to call it a drop$/,
    ru: () => "помимо этого недостаточно, чтобы назвать его дропом",
    kk: () => "бұдан басқа оны дроп деп атауға жеткіліксіз",
  },
  {
    re: /^nothing shows the money was anyone else's \(no victims, fan-in or links to suspects\): not called a drop$/,
    ru: () =>
      "ничто не показывает, что деньги были чужими (нет жертв, веера на вход или связей с подозреваемыми): не назван дропом",
    kk: () =>
      "ақшаның басқа біреудікі екенін ештеңе көрсетпейді (жәбірленушілер, кіріс желпуіші немесе күдіктілермен байланыс жоқ): дроп деп аталмады",
  },
  {
    re: new RegExp(
      `^cash-out hub: gathered ${AMT} from ${nouns("suspect")}(?: and sent ${N}% of its outflow to exits| and passed none of it to other suspects)$`,
    ),
    ru: ([a, k, p], w) =>
      `хаб обналичивания: собрал ${w.money(a!)} от ${w.n(k!, RU.suspect)} ${p ? `и отправил ${w.pct(+p)} своих выплат на выходы` : "и ничего из этого не передал другим подозреваемым"}`,
    kk: ([a, k, p], w) =>
      `қолма-қолға шығару хабы: ${w.num(+k!)} күдіктіден ${w.money(a!)} жинады ${p ? `және шығысының ${w.pct(+p)} шығу нүктелеріне жіберді` : "және оның ешқайсысын басқа күдіктілерге бермеді"}`,
  },
  {
    // The account's watch-list category (model/records.ts AccountRecord.watchlist).
    re: /^on the watch-list \((exchange|p2p|card2crypto)\)$/,
    ru: ([what]) =>
      `в списке наблюдения (${{ exchange: "биржа", p2p: "P2P", card2crypto: "обмен карта → крипто" }[what!]})`,
    kk: ([what]) =>
      `бақылау тізімінде (${{ exchange: "биржа", p2p: "P2P", card2crypto: "карта → крипто айырбасы" }[what!]})`,
  },
  {
    re: /^account at a foreign bank$/,
    ru: () => "счёт в зарубежном банке",
    kk: () => "шетел банкіндегі шот",
  },
  {
    re: /^keeps what suspects pay it: treated as an exit$/,
    ru: () => "оставляет себе то, что платят подозреваемые: считается выходом",
    kk: () => "күдіктілер төлегенді өзінде қалдырады: шығу нүктесі ретінде қаралады",
  },
  {
    re: new RegExp(`^received ${AMT} from ${nouns("suspect")}$`),
    ru: ([a, k], w) => `получил ${w.money(a!)} от ${w.n(k!, RU.suspect)}`,
    kk: ([a, k], w) => `${w.num(+k!)} күдіктіден ${w.money(a!)} алды`,
  },
  {
    re: new RegExp(`^reported victim \\(${ANY}\\)$`),
    ru: ([c], w) => `заявленная жертва (${w.cases(c!)})`,
    kk: ([c], w) => `арыз берген жәбірленуші (${w.cases(c!)})`,
  },
  {
    re: new RegExp(`^paid ${AMT} to suspected (drop|drops) ${ANY}$`),
    ru: ([a, one, who], w) =>
      `заплатил ${w.money(a!)} ${one === "drop" ? "подозреваемому дропу" : "подозреваемым дропам"} ${w.list(who!)}`,
    kk: ([a, one, who], w) =>
      `күдікті ${one === "drop" ? "дропқа" : "дроптарға"} ${w.list(who!)} ${w.money(a!)} төледі`,
  },
  {
    re: new RegExp(
      `^sent ${AMT} to suspected drop ${ANY}, which passed ${N}% of it on \\(no complaint on file\\)$`,
    ),
    ru: ([a, who, p], w) =>
      `отправил ${w.money(a!)} подозреваемому дропу ${who}, который переслал ${w.pct(+p!)} дальше (заявления нет)`,
    kk: ([a, who, p], w) =>
      `күдікті дроп ${who} шотына ${w.money(a!)} жіберді, ол оның ${w.pct(+p!)} әрі қарай аударды (арыз жоқ)`,
  },
  {
    re: new RegExp(
      `^passed on ${N}% loan money \\(${AMT}\\) a median ${DUR} after it arrived: the remote-access loan pattern$`,
    ),
    ru: ([p, a, d], w) =>
      `переслал ${w.pct(+p!)} кредитных денег (${w.money(a!)}) в среднем через ${w.dur(d!)} после поступления: схема кредита при удалённом доступе`,
    kk: ([p, a, d], w) =>
      `несие ақшасының ${w.pct(+p!)} (${w.money(a!)}) түскеннен кейін орташа ${w.dur(d!)} өткен соң аударды: қашықтан қол жеткізу арқылы несие сұлбасы`,
  },
  // roles.ts, networkPoints
  {
    re: new RegExp(`^received money that ${nouns("suspect")} passed on \\(${ANY}\\)$`),
    ru: ([k, who], w) =>
      `получил деньги, пересланные ${w.n(k!, ["подозреваемым", "подозреваемыми", "подозреваемыми"])} (${w.list(who!)})`,
    kk: ([k, who], w) => `${w.num(+k!)} күдікті әрі қарай аударған ақшаны алды (${w.list(who!)})`,
  },
  {
    re: new RegExp(`^received money that ${nouns("pass-through account")} passed on \\(${ANY}\\)$`),
    ru: ([k, who], w) =>
      `получил деньги, пересланные ${w.n(k!, ["транзитным счётом", "транзитными счетами", "транзитными счетами"])} (${w.list(who!)})`,
    kk: ([k, who], w) => `${w.num(+k!)} транзиттік шот әрі қарай аударған ақшаны алды (${w.list(who!)})`,
  },
  {
    re: new RegExp(`^passed money on to ${nouns("suspect")} \\(${ANY}\\)$`),
    ru: ([k, who], w) =>
      `переслал деньги ${w.n(k!, ["подозреваемому", "подозреваемым", "подозреваемым"])} (${w.list(who!)})`,
    kk: ([k, who], w) => `ақшаны ${w.num(+k!)} күдіктіге аударды (${w.list(who!)})`,
  },
  {
    re: new RegExp(`^passed money on to ${nouns("pass-through account")} \\(${ANY}\\)$`),
    ru: ([k, who], w) => `переслал деньги на ${w.n(k!, RU.passThroughNom)} (${w.list(who!)})`,
    kk: ([k, who], w) => `ақшаны ${w.num(+k!)} транзиттік шотқа аударды (${w.list(who!)})`,
  },
  {
    re: new RegExp(`^sent ${N}% of its outflow to exits: ${CASH_OUT}$`),
    ru: ([p, what], w) => `отправил ${w.pct(+p!)} своих выплат на выходы: ${w.cashOut(what!)}`,
    kk: ([p, what], w) => `шығысының ${w.pct(+p!)} шығу нүктелеріне жіберді: ${w.cashOut(what!)}`,
  },
  {
    re: new RegExp(`^cashes out money passed on to it by ${ANY}$`),
    ru: ([who], w) => `выводит деньги, пересланные ему от ${w.list(who!)}`,
    kk: ([who], w) => `${w.list(who!)} аударған ақшаны қолма-қол шығарады`,
  },
  {
    re: new RegExp(`^shares ${ANY} with ${nouns("suspected account")}$`),
    ru: ([what, k], w) => `${w.ids(what!)}: общие с ${w.n(k!, RU.suspectedAccount)}`,
    kk: ([what, k], w) => `${w.ids(what!)}: ${w.num(+k!)} күдікті шотпен ортақ`,
  },
  // roles.ts, markOrganisers
  {
    re: new RegExp(
      `^received ${AMT} in ${nouns("small payment")} from ${nouns("suspect")} \\(${N}% of its inflow\\), a cut of what they moved$`,
    ),
    ru: ([a, k, s, p], w) =>
      `получил ${w.money(a!)} в ${w.n(k!, ["мелком платеже", "мелких платежах", "мелких платежах"])} от ${w.n(s!, RU.suspect)} (${w.pct(+p!)} поступлений): доля от того, что они перевели`,
    kk: ([a, k, s, p], w) =>
      `${w.num(+s!)} күдіктіден ${w.num(+k!)} шағын төлеммен ${w.money(a!)} алды (түсімінің ${w.pct(+p!)}): олар аударғанның үлесі`,
  },
  // typology-roles.ts
  {
    re: new RegExp(`^called a (hub|drop) on the shape of its transfers alone: ${MISSING_RE}$`),
    ru: ([what, missing]) =>
      `назван ${what === "hub" ? "хабом" : "дропом"} только по форме его переводов: ${missingWords("ru", missing!)}`,
    kk: ([what, missing]) =>
      `тек аударымдарының пішіні бойынша ${what === "hub" ? "хаб" : "дроп"} деп аталды: ${missingWords("kk", missing!)}`,
  },
  // clusters.ts
  {
    re: new RegExp(
      `^(?:${nouns("drop")})?(?:, )?(?:${nouns("cash-out hub")})?(?:, )?(?:${nouns("organiser candidate")})?$`,
    ),
    ru: ([d, h, o], w) =>
      [d && w.n(d, RU.drop), h && w.n(h, RU.hub), o && w.n(o, RU.organiser)].filter(Boolean).join(", "),
    kk: ([d, h, o], w) =>
      [
        d && `${w.num(+d)} дроп`,
        h && `${w.num(+h)} қолма-қолға шығару хабы`,
        o && `${w.num(+o)} ұйымдастырушы үміткері`,
      ]
        .filter(Boolean)
        .join(", "),
  },
  {
    re: new RegExp(
      `^took in ${AMT} from ${nouns("account")} outside the cluster(?:, ${nouns("reported victim")} among them \\(${ANY}\\))?(?:; ${AMT} of it from victims)?$`,
    ),
    ru: ([a, k, v, c, va], w) =>
      `принял ${w.money(a!)} от ${w.n(k!, RU.account)} вне кластера` +
      (v
        ? `, среди них ${w.n(v, ["заявленная жертва", "заявленные жертвы", "заявленных жертв"])} (${w.cases(c!)})`
        : "") +
      (va ? `; ${w.money(va)} из этого от жертв` : ""),
    kk: ([a, k, v, c, va], w) =>
      `кластерден тыс ${w.num(+k!)} шоттан ${w.money(a!)} қабылдады` +
      (v ? `, олардың ішінде ${w.num(+v)} арыз берген жәбірленуші (${w.cases(c!)})` : "") +
      (va ? `; оның ${w.money(va)} жәбірленушілерден` : ""),
  },
  {
    re: new RegExp(`^${N}% of what left the cluster went to exits: ${CASH_OUT}$`),
    ru: ([p, what], w) => `${w.pct(+p!)} ушедшего из кластера попало на выходы: ${w.cashOut(what!)}`,
    kk: ([p, what], w) => `кластерден шыққанның ${w.pct(+p!)} шығу нүктелеріне түсті: ${w.cashOut(what!)}`,
  },
  {
    re: new RegExp(`^money stayed a median ${DUR} in its drops$`),
    ru: ([d], w) => `деньги задерживались в его дропах в среднем (медиана) на ${w.dur(d!)}`,
    kk: ([d], w) => `ақша оның дроптарында орташа (медиана) ${w.dur(d!)} тұрды`,
  },
  {
    re: new RegExp(`^members share ${ANY}$`),
    ru: ([what], w) => `у участников общие: ${w.ids(what!)}`,
    kk: ([what], w) => `қатысушыларға ортақ: ${w.ids(what!)}`,
  },
  {
    re: new RegExp(`^${N} members look run by one controller \\(shared device or card plus more\\)$`),
    ru: ([k], w) =>
      `${w.n(k!, RU.member)} похоже управляются одним человеком (общее устройство или карта и не только)`,
    kk: ([k], w) =>
      `${w.num(+k!)} қатысушыны бір адам басқаратын сияқты (ортақ құрылғы немесе карта және т.б.)`,
  },
  // typology-roles.ts: the shapes of one typology beyond those an account's reasons tell
  {
    re: /^and (\d+) more ([a-z -]+?) shapes? it is part of \((\d+) transfers?\)$/,
    ru: ([k, name, n], w) =>
      `и ещё ${w.n(k!, ["схема", "схемы", "схем"])} типа «${TYPOLOGY_WORDS.ru[name!] ?? name}» с его участием (${w.n(n!, RU.transfer)})`,
    kk: ([k, name, n], w) =>
      `және ол қатысқан тағы ${w.num(+k!)} «${TYPOLOGY_WORDS.kk[name!] ?? name}» сұлбасы (${w.num(+n!)} аударым)`,
  },
  {
    re: new RegExp(`^shows ${ANY}$`),
    ru: ([what], w) => `типологии: ${w.typologies(what!)}`,
    kk: ([what], w) => `типологиялар: ${w.typologies(what!)}`,
  },
  // typologies/bipartite.ts
  {
    re: new RegExp(
      `^(?:stack: two layers of one-off payments in a row through ${nouns("middle account")} \\(${ANY}\\)|bipartite: ${nouns("sender")} \\(${ANY}\\) each paid several of the same ${nouns("receiver")} \\(${ANY}\\)), ${nouns("transfer")} of ${AMT} ${SPAN}$`,
    ),
    ru: ([m, mk, s, sk, r, rk, k, a, sp], w) =>
      (m
        ? `стопка: два слоя разовых платежей подряд через ${w.n(m, RU.middle)} (${w.list(mk!)})`
        : `двудольная схема: ${w.n(s!, RU.sender)} (${w.list(sk!)}) платили нескольким из одних и тех же ${w.n(r!, RU.receiverGen)} (${w.list(rk!)})`) +
      `, ${w.n(k!, RU.transfer)} на ${w.money(a!)} ${w.span(sp!)}`,
    kk: ([m, mk, s, sk, r, rk, k, a, sp], w) =>
      (m
        ? `қабаттама: ${w.num(+m)} аралық шот (${w.list(mk!)}) арқылы қатарынан екі қабат біржолғы төлем`
        : `екі үлесті сұлба: ${w.num(+s!)} жіберуші (${w.list(sk!)}) сол бір ${w.num(+r!)} алушының (${w.list(rk!)}) бірнешеуіне төледі`) +
      `, ${w.money(a!)} сомасына ${w.num(+k!)} аударым ${w.span(sp!)}`,
  },
  // typologies/bursts.ts
  {
    re: new RegExp(
      `^(fan-in|gather-scatter): ${nouns("one-off sender")} paid ${ANY} ${AMT} ${SPAN} \\(${N}% of all it ever received, amounts alike within ×([\\d.]+)${FAN_WHY}\\)(?:, then passed ${N}% of it on to ${nouns("account")} \\(${ANY}\\) after it came in)?$`,
    ),
    ru: ([kind, k, hub, a, sp, p, x, pace, opened, unusual, both, q, r, rk], w) =>
      `${kind === "fan-in" ? "веер на вход" : "сбор-раздача"}: ${w.n(k!, RU.oneOffSender)} заплатили ${hub} ${w.money(a!)} ${w.span(sp!)} (${w.pct(+p!)} всего, что он когда-либо получил; суммы схожи в пределах ×${w.num(+x!)}${fanWhyRu(pace, opened, "in", w, both, unusual)})` +
      (q
        ? `, затем он переслал ${w.pct(+q)} этого ${w.n(r!, ["счёту", "счетам", "счетам"])} (${w.list(rk!)}) после поступления`
        : ""),
    kk: ([kind, k, hub, a, sp, p, x, pace, opened, unusual, both, q, r, rk], w) =>
      `${kind === "fan-in" ? "кіріс желпуіші" : "жинау-тарату"}: ${w.num(+k!)} біржолғы жіберуші ${hub} шотына ${w.money(a!)} төледі ${w.span(sp!)} (ол алған барлық соманың ${w.pct(+p!)}; сомалар ×${w.num(+x!)} шегінде ұқсас${fanWhyKk(pace, opened, "in", w, both, unusual)})` +
      (q ? `, содан кейін оның ${w.pct(+q)} ${w.num(+r!)} шотқа (${w.list(rk!)}) аударды` : ""),
  },
  {
    re: new RegExp(
      `^fan-out: ${ANY} paid ${nouns("one-off receiver")} ${AMT} ${SPAN} \\(${N}% of all it ever paid, amounts alike within ×([\\d.]+)${FAN_WHY}\\)$`,
    ),
    ru: ([hub, k, a, sp, p, x, pace, opened, unusual, both], w) =>
      `веер на выход: ${hub} заплатил ${w.n(k!, RU.oneOffReceiver)} ${w.money(a!)} ${w.span(sp!)} (${w.pct(+p!)} всего, что он когда-либо заплатил; суммы схожи в пределах ×${w.num(+x!)}${fanWhyRu(pace, opened, "out", w, both, unusual)})`,
    kk: ([hub, k, a, sp, p, x, pace, opened, unusual, both], w) =>
      `шығыс желпуіші: ${hub} ${w.num(+k!)} біржолғы алушыға ${w.money(a!)} төледі ${w.span(sp!)} (ол төлеген барлық соманың ${w.pct(+p!)}; сомалар ×${w.num(+x!)} шегінде ұқсас${fanWhyKk(pace, opened, "out", w, both, unusual)})`,
  },
  // typologies/flows.ts
  {
    re: new RegExp(`^money went round a cycle of ${N} transfers back to ${ANY}: ${ANY}$`),
    ru: ([k, to, path], w) =>
      `деньги прошли по кругу из ${w.n(k!, RU.transfer)} обратно к ${to}: ${w.path(path!)}`,
    kk: ([k, to, path], w) =>
      `ақша ${w.num(+k!)} аударымнан тұратын шеңбермен ${to} шотына қайтты: ${w.path(path!)}`,
  },
  {
    re: new RegExp(`^layering chain: ${N} transfers in a row, each passing on about what came in: ${ANY}$`),
    ru: ([k, path], w) =>
      `цепочка расслоения: ${w.n(k!, RU.transfer)} подряд, каждый передаёт примерно столько, сколько пришло: ${w.path(path!)}`,
    kk: ([k, path], w) =>
      `қабаттау тізбегі: қатарынан ${w.num(+k!)} аударым, әрқайсысы түскенге жуық соманы әрі қарай береді: ${w.path(path!)}`,
  },
  {
    re: new RegExp(
      `^scatter-gather: ${ANY} paid ${N} accounts \\(${ANY}\\), each of which passed about the same amount on to ${ANY} ${SPAN}; ${AMT} reached it$`,
    ),
    ru: ([s, k, mids, g, sp, a], w) =>
      `раздача-сбор: ${s} заплатил ${w.n(k!, RU.accountAcc)} (${w.list(mids!)}), каждый из которых переслал примерно ту же сумму на ${g} ${w.span(sp!)}; до него дошло ${w.money(a!)}`,
    kk: ([s, k, mids, g, sp, a], w) =>
      `тарату-жинау: ${s} ${w.num(+k!)} шотқа (${w.list(mids!)}) төледі, олардың әрқайсысы шамамен сол соманы ${g} шотына аударды ${w.span(sp!)}; оған ${w.money(a!)} жетті`,
  },
  // typologies/forwarding.ts
  {
    re: new RegExp(
      `^stack: ${nouns("account")} \\(${ANY}\\) linked by common payers and payees each passed on ${N}% of what they received (after the last of it came in|soon after) \\(${AMT} moved ${SPAN}\\)$`,
    ),
    ru: ([k, who, p, when, a, sp], w) =>
      `стопка: ${w.n(k!, ["счёт", "счёта", "счетов"])} (${w.list(who!)}), связанные общими плательщиками и получателями, переслали каждый ${w.pct(+p!)} полученного ${when === "soon after" ? "вскоре после поступления" : "после того, как пришла последняя часть"} (${w.money(a!)} перемещено ${w.span(sp!)})`,
    kk: ([k, who, p, when, a, sp], w) =>
      `қабаттама: ортақ төлеушілер мен алушылар байланыстырған ${w.num(+k!)} шот (${w.list(who!)}) әрқайсысы алғанының ${w.pct(+p!)} ${when === "soon after" ? "түскеннен кейін көп ұзамай" : "соңғы бөлігі түскеннен кейін"} аударды (${w.money(a!)} ${w.span(sp!)} жылжыды)`,
  },
  {
    re: new RegExp(
      `^forwarding: ${ANY} received ${AMT} and passed ${N}% of it on ${SPAN}, far above its usual amounts$`,
    ),
    ru: ([who, a, p, sp], w) =>
      `пересылка: ${who} получил ${w.money(a!)} и переслал ${w.pct(+p!)} дальше ${w.span(sp!)}, намного больше своих обычных сумм`,
    kk: ([who, a, p, sp], w) =>
      `аудару: ${who} ${w.money(a!)} алып, оның ${w.pct(+p!)} ${w.span(sp!)} әрі қарай аударды, әдеттегі сомаларынан әлдеқайда көп`,
  },
  {
    re: new RegExp(
      `^layering chain through ${ANY}, the sums far above the usual ones of all three accounts: ${ANY}$`,
    ),
    ru: ([who, path], w) =>
      `цепочка расслоения через ${who}, суммы намного выше обычных для всех трёх счетов: ${w.path(path!)}`,
    kk: ([who, path], w) =>
      `${who} шоты арқылы қабаттау тізбегі, сомалар үш шоттың да әдеттегісінен әлдеқайда жоғары: ${w.path(path!)}`,
  },
  {
    re: new RegExp(
      `^layering chain through ${ANY}, an account with a life of its own, in sums at least ${N} times the usual ones of all three accounts: ${ANY}$`,
    ),
    ru: ([who, n, path], w) =>
      `цепочка расслоения через ${who}, счёт со своей историей переводов, суммами не меньше чем в ${w.num(+n!)} раз выше обычных для всех трёх счетов: ${w.path(path!)}`,
    kk: ([who, n, path], w) =>
      `өз аударымдар тарихы бар ${who} шоты арқылы қабаттау тізбегі, сомалар үш шоттың да әдеттегісінен кемінде ${w.num(+n!)} есе жоғары: ${w.path(path!)}`,
  },
  {
    re: new RegExp(
      `^layering chain through ${ANY}, an account with a life of its own, from ${ANY}, an account with no other transfers to speak of, in sums at least ${N} times the usual ones of ${ANY} and ${ANY}: ${ANY}$`,
    ),
    ru: ([who, from, n, h, to, path], w) =>
      `цепочка расслоения через ${who}, счёт со своей историей переводов, от ${from}, счёта почти без других переводов, суммами не меньше чем в ${w.num(+n!)} раз выше обычных для ${h} и ${to}: ${w.path(path!)}`,
    kk: ([who, from, n, h, to, path], w) =>
      `өз аударымдар тарихы бар ${who} шоты арқылы басқа аударымдары жоқтың қасы ${from} шотынан қабаттау тізбегі, сомалар ${h} және ${to} шоттарының әдеттегісінен кемінде ${w.num(+n!)} есе жоғары: ${w.path(path!)}`,
  },
  {
    re: new RegExp(
      `^layering chain through ${ANY}, an account with a life of its own, from and to accounts with no other transfers to speak of: ${ANY}$`,
    ),
    ru: ([who, path], w) =>
      `цепочка расслоения через ${who}, счёт со своей историей переводов, от счёта и к счёту почти без других переводов: ${w.path(path!)}`,
    kk: ([who, path], w) =>
      `өз аударымдар тарихы бар ${who} шоты арқылы басқа аударымдары жоқтың қасы шоттан басқа аударымдары жоқтың қасы шотқа қабаттау тізбегі: ${w.path(path!)}`,
  },
  {
    re: new RegExp(
      `^layering chain through ${ANY}, an account with a life of its own, to ${ANY}, an account with no other transfers to speak of: ${ANY}$`,
    ),
    ru: ([who, to, path], w) =>
      `цепочка расслоения через ${who}, счёт со своей историей переводов, к ${to}, счёту почти без других переводов: ${w.path(path!)}`,
    kk: ([who, to, path], w) =>
      `өз аударымдар тарихы бар ${who} шоты арқылы басқа аударымдары жоқтың қасы ${to} шотына қабаттау тізбегі: ${w.path(path!)}`,
  },
  {
    re: new RegExp(`^layering chain through ${ANY}, an account with no other transfers to speak of: ${ANY}$`),
    ru: ([who, path], w) =>
      `цепочка расслоения через ${who}, счёт почти без других переводов: ${w.path(path!)}`,
    kk: ([who, path], w) =>
      `басқа аударымдары жоқтың қасы ${who} шоты арқылы қабаттау тізбегі: ${w.path(path!)}`,
  },
  {
    re: new RegExp(
      `^gather-scatter: ${ANY} received ${AMT} from ${nouns("one-off payer")} \\(${ANY}\\) and after the last of it passed ${N}% on to ${nouns("one-off receiver")} \\(${ANY}\\) ${SPAN}; the sums were far above the usual ones of ${ANY} and of ${nouns("counterparty", "counterparties")} \\(${ANY}\\)$`,
    ),
    ru: ([h, a, k, ks, p, r, rs, sp, h2, c, cs], w) =>
      `сбор-раздача: ${h} получил ${w.money(a!)} от ${w.n(k!, RU.oneOffPayer)} (${w.list(ks!)}) и после последнего поступления переслал ${w.pct(+p!)} ${w.n(r!, RU.oneOffReceiver)} (${w.list(rs!)}) ${w.span(sp!)}; суммы намного выше обычных для ${h2} и для ${w.n(c!, RU.counterparty)} (${w.list(cs!)})`,
    kk: ([h, a, k, ks, p, r, rs, sp, h2, c, cs], w) =>
      `жинау-тарату: ${h} ${w.num(+k!)} біржолғы төлеушіден (${w.list(ks!)}) ${w.money(a!)} алып, соңғысы түскеннен кейін ${w.pct(+p!)} бөлігін ${w.num(+r!)} біржолғы алушыға (${w.list(rs!)}) аударды ${w.span(sp!)}; сомалар ${h2} мен ${w.num(+c!)} контрагенттің (${w.list(cs!)}) әдеттегі сомаларынан әлдеқайда жоғары`,
  },
  // learned/index.ts: the learned scorer's reasons
  {
    re: new RegExp(
      `^model: ${N}% likely a laundering account from its transfers alone \\(a model trained on generated worlds flags from ${N}%\\)$`,
    ),
    ru: ([p, t], w) =>
      `модель: по одним переводам счёт с вероятностью ${w.pct(+p!)} участвует в отмывании (модель, обученная на сгенерированных мирах, отмечает от ${w.pct(+t!)})`,
    kk: ([p, t], w) =>
      `модель: тек аударымдары бойынша шот ${w.pct(+p!)} ықтималдықпен ақшаны жылыстатуға қатысады (генерацияланған әлемдерде оқытылған модель ${w.pct(+t!)} бастап белгілейді)`,
  },
  {
    re: new RegExp(`^model: it passed on ${N}% of what it received within ${DUR}$`),
    ru: ([p, d], w) => `модель: он переслал дальше ${w.pct(+p!)} полученного в течение ${w.dur(d!)}`,
    kk: ([p, d], w) => `модель: ол алғанының ${w.pct(+p!)} бөлігін ${w.dur(d!)} ішінде әрі қарай аударды`,
  },
  {
    re: new RegExp(`^model: ${N}% of what it paid out left within 6 h of coming in$`),
    ru: ([p], w) => `модель: ${w.pct(+p!)} выплаченного ушло не позже 6 ч после поступления`,
    kk: ([p], w) => `модель: төлегенінің ${w.pct(+p!)} бөлігі түскеннен кейін 6 сағат ішінде кетті`,
  },
  {
    re: new RegExp(`^model: ${N} of its ${N} transfers fell within ${DUR} of its ${DUR} in the data$`),
    ru: ([k, n, d, a], w) =>
      `модель: ${w.num(+k!)} из ${w.n(n!, RU.transfer)} пришлись на ${w.dur(d!)} из его ${w.dur(a!)} в данных`,
    kk: ([k, n, d, a], w) =>
      `модель: оның ${w.num(+n!)} аударымының ${w.num(+k!)} деректердегі ${w.dur(a!)} ішінде ${w.dur(d!)} аралығына түсті`,
  },
  {
    re: new RegExp(
      `^model: ${N}% of the accounts it dealt with have no more than three transfers in the data$`,
    ),
    ru: ([p], w) => `модель: у ${w.pct(+p!)} его контрагентов не больше трёх переводов в данных`,
    kk: ([p], w) => `модель: контрагенттерінің ${w.pct(+p!)} деректерде үштен артық аударымы жоқ`,
  },
  {
    re: new RegExp(`^model: the sums of its busiest stretch were ([\\d.]+) times its other ones$`),
    ru: ([x], w) => `модель: суммы его самого плотного отрезка в ${w.num(+x!)} раза выше остальных`,
    kk: ([x], w) => `модель: ең тығыз кезеңіндегі сомалары басқаларынан ${w.num(+x!)} есе жоғары`,
  },
  {
    re: new RegExp(`^model: its largest transfer was ([\\d.]+) times its median one$`),
    ru: ([x], w) => `модель: его крупнейший перевод в ${w.num(+x!)} раза больше медианного`,
    kk: ([x], w) => `модель: ең ірі аударымы медианалық аударымынан ${w.num(+x!)} есе үлкен`,
  },
  {
    re: new RegExp(`^model: the sums of its busiest stretch were alike \\(typical deviation ${N}%\\)$`),
    ru: ([p], w) => `модель: суммы его самого плотного отрезка схожи (типичное отклонение ${w.pct(+p!)})`,
    kk: ([p], w) => `модель: ең тығыз кезеңіндегі сомалары ұқсас (әдеттегі ауытқу ${w.pct(+p!)})`,
  },
  {
    re: new RegExp(
      `^model: ${N} of the ${N} accounts it dealt with in its busiest stretch take part in a shape the rules found; the highest rules score among them is ${N}$`,
    ),
    ru: ([k, n, s], w) =>
      `модель: ${w.num(+k!)} из ${w.n(n!, RU.account)}, с которыми он работал в самый плотный отрезок, входят в схемы, найденные правилами; наибольшая оценка правил среди них ${w.num(+s!)}`,
    kk: ([k, n, s], w) =>
      `модель: ең тығыз кезеңінде байланысқан ${w.num(+n!)} шоттың ${w.num(+k!)} ережелер тапқан сұлбаларға қатысады; олардың ішіндегі ең жоғары ереже бағасы ${w.num(+s!)}`,
  },
  {
    re: new RegExp(
      `^model: the accounts it dealt with in its busiest stretch had up to ${N} transfers in and up to ${N} out within 3 days of their own$`,
    ),
    ru: ([i, o], w) =>
      `модель: у счетов, с которыми он работал в самый плотный отрезок, было до ${w.num(+i!)} входящих и до ${w.num(+o!)} исходящих переводов за 3 дня`,
    kk: ([i, o], w) =>
      `модель: ең тығыз кезеңінде байланысқан шоттарда 3 күн ішінде ${w.num(+i!)} дейін кіріс және ${w.num(+o!)} дейін шығыс аударым болды`,
  },
  {
    re: new RegExp(`^model: the rules scored it ${N} \\(they flag from ${N}\\)$`),
    ru: ([s, t], w) => `модель: правила оценили его в ${w.num(+s!)} (отмечают от ${w.num(+t!)})`,
    kk: ([s, t], w) => `модель: ережелер оны ${w.num(+s!)} деп бағалады (${w.num(+t!)} бастап белгілейді)`,
  },
  {
    re: new RegExp(
      `^model: ${nouns("sender")} and ${nouns("receiver")}; more transfers than ${N}% of the data's accounts$`,
    ),
    ru: ([s, r, p], w) =>
      `модель: ${w.n(s!, RU.sender)} и ${w.n(r!, RU.receiver)}; переводов больше, чем у ${w.pct(+p!)} счетов в данных`,
    kk: ([s, r, p], w) =>
      `модель: ${w.num(+s!)} жіберуші және ${w.num(+r!)} алушы; аударымдары деректердегі шоттардың ${w.pct(+p!)} бөлігінікінен көп`,
  },
  {
    re: new RegExp(`^model: its typical transfer was larger than ${N}% of the data's transfers$`),
    ru: ([p], w) => `модель: его типичный перевод больше ${w.pct(+p!)} переводов в данных`,
    kk: ([p], w) => `модель: оның әдеттегі аударымы деректердегі аударымдардың ${w.pct(+p!)} бөлігінен үлкен`,
  },
  {
    re: new RegExp(`^model: ${N}% of its transfers were round sums$`),
    ru: ([p], w) => `модель: ${w.pct(+p!)} его переводов на круглые суммы`,
    kk: ([p], w) => `модель: аударымдарының ${w.pct(+p!)} бөлігі дөңгелек сомалар`,
  },
  {
    re: new RegExp(`^model: ${N}% of its transfers were made between 00:00 and 06:00 UTC$`),
    ru: ([p], w) => `модель: ${w.pct(+p!)} его переводов сделаны между 00:00 и 06:00 UTC`,
    kk: ([p], w) => `модель: аударымдарының ${w.pct(+p!)} бөлігі 00:00 мен 06:00 UTC аралығында жасалды`,
  },
  {
    re: new RegExp(`^model: it paid out ${N}% of what it received$`),
    ru: ([p], w) => `модель: он выплатил ${w.pct(+p!)} полученного`,
    kk: ([p], w) => `модель: ол алғанының ${w.pct(+p!)} бөлігін төледі`,
  },
  // stragglers/index.ts: a small episode beside the rules' flags and the stragglers' model
  {
    re: new RegExp(`^payer: ${ANY} had three transfers or fewer in all the data \\(opened for it\\)$`),
    ru: ([who]) => `плательщик: у ${who} не больше трёх переводов во всех данных (открыт для этого)`,
    kk: ([who]) =>
      `төлеуші: ${who} шотының барлық деректерде үш немесе одан аз аударымы бар (осы үшін ашылған)`,
  },
  {
    re: new RegExp(`^payer: ${ANY} paid at least ${N} times its usual sums in it$`),
    ru: ([who, n], w) =>
      `плательщик: ${who} перевёл в нём не меньше чем в ${w.num(+n!)} раз больше своих обычных сумм`,
    kk: ([who, n], w) => `төлеуші: ${who} онда әдеттегі сомаларынан кемінде ${w.num(+n!)} есе көп аударды`,
  },
  {
    re: new RegExp(
      `^episode: ${KEY} paid ${KEY} ${AMT}, and ${KEY} passed ${AMT} on to ${KEY} ${DUR} later$`,
    ),
    ru: ([a, b, m1, b2, m2, c, d], w) =>
      `эпизод: ${a} заплатил ${b} ${w.money(m1!)}, и ${b2} переслал ${w.money(m2!)} на ${c} через ${w.dur(d!)}`,
    kk: ([a, b, m1, b2, m2, c, d], w) =>
      `эпизод: ${a} ${b} шотына ${w.money(m1!)} төледі, ал ${b2} ${w.dur(d!)} кейін ${w.money(m2!)} сомасын ${c} шотына аударды`,
  },
  {
    re: new RegExp(
      `^episode: ${KEY} and ${KEY} paid ${KEY} ${AMT} and ${AMT}, and ${KEY} passed ${AMT} on to ${KEY} ${DUR} later$`,
    ),
    ru: ([a0, a, b, m1, m2, b2, m3, c, d], w) =>
      `эпизод: ${a0} и ${a} заплатили ${b} ${w.money(m1!)} и ${w.money(m2!)}, и ${b2} переслал ${w.money(m3!)} на ${c} через ${w.dur(d!)}`,
    kk: ([a0, a, b, m1, m2, b2, m3, c, d], w) =>
      `эпизод: ${a0} және ${a} ${b} шотына ${w.money(m1!)} және ${w.money(m2!)} төледі, ал ${b2} ${w.dur(d!)} кейін ${w.money(m3!)} сомасын ${c} шотына аударды`,
  },
  {
    re: new RegExp(`^episode: ${KEY} and ${KEY} paid ${KEY} ${AMT} and ${AMT} within ${DUR}$`),
    ru: ([x, y, b, m1, m2, d], w) =>
      `эпизод: ${x} и ${y} заплатили ${b} ${w.money(m1!)} и ${w.money(m2!)} в течение ${w.dur(d!)}`,
    kk: ([x, y, b, m1, m2, d], w) =>
      `эпизод: ${x} және ${y} ${b} шотына ${w.dur(d!)} ішінде ${w.money(m1!)} және ${w.money(m2!)} төледі`,
  },
  {
    re: new RegExp(`^episode: ${KEY} paid ${KEY} and ${KEY} ${AMT} and ${AMT} within ${DUR}$`),
    ru: ([b, x, y, m1, m2, d], w) =>
      `эпизод: ${b} заплатил ${x} и ${y} ${w.money(m1!)} и ${w.money(m2!)} в течение ${w.dur(d!)}`,
    kk: ([b, x, y, m1, m2, d], w) =>
      `эпизод: ${b} ${x} және ${y} шоттарына ${w.dur(d!)} ішінде ${w.money(m1!)} және ${w.money(m2!)} төледі`,
  },
  {
    re: new RegExp(
      `^stragglers' model: ${N}% likely one scheme's, beside ${ANY} that the rules flagged \\(a model trained on generated worlds flags from ${N}%\\)$`,
    ),
    ru: ([p, who, t], w) =>
      `модель отставших: с вероятностью ${w.pct(+p!)} это одна схема с ${w.list(who!)}, отмеченными правилами (модель, обученная на сгенерированных мирах, отмечает от ${w.pct(+t!)})`,
    kk: ([p, who, t], w) =>
      `қалғандар моделі: ${w.pct(+p!)} ықтималдықпен ережелер белгілеген ${w.list(who!)} шоттарымен бір схема (генерацияланған әлемдерде оқытылған модель ${w.pct(+t!)} бастап белгілейді)`,
  },
];

const MISSING: Record<Exclude<Lang, "en">, Record<string, string>> = {
  ru: {
    "no reported victim paid it": "ни одна заявленная жертва ему не платила",
    "no complaints in the data": "в данных нет заявлений",
    "no exit is known downstream": "дальше по цепочке выход неизвестен",
    "no exits (watch-list, foreign banks, crypto, ATMs) in the data":
      "в данных нет выходов (список наблюдения, зарубежные банки, криптовалюта, банкоматы)",
    "it shares no identifier with a suspect": "у него нет общих идентификаторов с подозреваемыми",
    "no shared identifiers in the data": "в данных нет общих идентификаторов",
  },
  kk: {
    "no reported victim paid it": "оған бірде-бір арыз берген жәбірленуші төлемеген",
    "no complaints in the data": "деректерде арыз жоқ",
    "no exit is known downstream": "тізбектің әрі қарай шығу нүктесі белгісіз",
    "no exits (watch-list, foreign banks, crypto, ATMs) in the data":
      "деректерде шығу нүктелері жоқ (бақылау тізімі, шетел банктері, крипто, банкоматтар)",
    "it shares no identifier with a suspect": "оның күдіктімен ортақ идентификаторы жоқ",
    "no shared identifiers in the data": "деректерде ортақ идентификаторлар жоқ",
  },
};

function missingWords(lang: Exclude<Lang, "en">, s: string): string {
  return s
    .split("; ")
    .map((part) => MISSING[lang][part] ?? part)
    .join("; ");
}

const words = new Map<Lang, Words>();

/** Is this reason one of the server's templates (the test's check; the UI uses localizeReason)? */
export function recognised(reason: string): boolean {
  const suffix = suffixOf(reason);
  if (suffix) return recognised(reason.slice(0, suffix.match.index));
  return ENTRIES.some((e) => e.re.test(reason));
}

/**
 * Clauses the server may add to the end of any typology's reason (typologies/index.ts: a source that did nothing else
 * in the data; a source that paid far above its usual sums; a shape found with the other shapes' transfers left out
 * of its centre's usual sums). The rest of the reason is localised on its own, then the clause.
 */
const SUFFIXES: readonly Entry[] = [
  {
    re: /; ([^;]+) did nothing else in the data \(opened for it\)$/,
    ru: ([who]) => `; ${who} больше ничего не делал в данных (открыт для этого)`,
    kk: ([who]) => `; ${who} деректерде басқа ештеңе жасамады (осы үшін ашылған)`,
  },
  {
    re: /; ([^;]+) paid at least (\d+) times its usual sums into it$/,
    ru: ([who, n]) => `; ${who} перевёл в схему не меньше чем в ${n} раз больше своих обычных сумм`,
    kk: ([who, n]) => `; ${who} схемаға әдеттегі сомаларынан кемінде ${n} есе көп аударды`,
  },
  {
    re: /; (\S+) has a life of its own, \d+ counterpart(?:y|ies) \(([^)]*)\) with no other transfers to speak of$/,
    ru: ([h, cs], w) => `; у ${h} своя история переводов, а у ${w.list(cs!)} почти нет других переводов`,
    kk: ([h, cs], w) =>
      `; ${h} шотының өз аударымдар тарихы бар, ал ${w.list(cs!)} шоттарының басқа аударымдары жоқтың қасы`,
  },
  {
    re: /; (\S+) has a life of its own, the sums at least (\d+) times the usual ones of everyone in it$/,
    ru: ([h, n]) =>
      `; у ${h} своя история переводов, суммы не меньше чем в ${n} раз выше обычных для каждого участника`,
    kk: ([h, n]) =>
      `; ${h} шотының өз аударымдар тарихы бар, сомалар әр қатысушының әдеттегісінен кемінде ${n} есе жоғары`,
  },
  {
    re: /; (\S+) has a life of its own, its payers no other transfers to speak of, the sums at least (\d+) times the usual ones of (\S+) and its receivers$/,
    ru: ([h, n, h2]) =>
      `; у ${h} своя история переводов, у его плательщиков почти нет других переводов, суммы не меньше чем в ${n} раз выше обычных для ${h2} и его получателей`,
    kk: ([h, n, h2]) =>
      `; ${h} шотының өз аударымдар тарихы бар, ал оның төлеушілерінің басқа аударымдары жоқтың қасы, сомалар ${h2} шотының және оның алушыларының әдеттегісінен кемінде ${n} есе жоғары`,
  },
  {
    re: /; (\S+) passed it on later than one hop's dwell, the sums at least (\d+) times its usual ones$/,
    ru: ([h, n]) =>
      `; ${h} переслал деньги позже, чем за один шаг цепочки, суммы не меньше чем в ${n} раз выше его обычных`,
    kk: ([h, n]) =>
      `; ${h} ақшаны тізбектің бір қадамынан кейінірек аударды, сомалар оның әдеттегісінен кемінде ${n} есе жоғары`,
  },
  {
    re: /; (\S+)'s usual sums are those of its one-off transfers, its standing payments left out$/,
    ru: ([h]) => `; обычные суммы ${h} взяты по его разовым переводам, без регулярных платежей`,
    kk: ([h]) =>
      `; ${h} шотының әдеттегі сомалары оның біржолғы аударымдары бойынша алынды, тұрақты төлемдерсіз`,
  },
  {
    re: /; (\d+)% of what it received over one-off pairs, its standing payments left out$/,
    ru: ([p]) => `; ${p}% того, что он получил по разовым парам, без регулярных платежей`,
    kk: ([p]) => `; біржолғы жұптар бойынша алғанының ${p}%, тұрақты төлемдерсіз`,
  },
  {
    re: /; (\d+) of its senders with fewer than three other transfers in the data \(opened for it\)$/,
    ru: ([n]) => `; у ${n} из его отправителей меньше трёх других переводов в данных (открыты для этого)`,
    kk: ([n]) => `; оның ${n} жіберушісінің деректерде басқа аударымдары үштен аз (осы үшін ашылған)`,
  },
  {
    re: /; usual sums taken without the transfers of the other shapes found$/,
    ru: () => "; обычные суммы взяты без переводов других найденных схем",
    kk: () => "; әдеттегі сомалар басқа табылған схемалардың аударымдарынсыз алынды",
  },
];

/** The language's number and duration forms, made once. */
function wordsOf(lang: Exclude<Lang, "en">): Words {
  let w = words.get(lang);
  if (!w) words.set(lang, (w = wordsFor(lang)));
  return w;
}

/** The clause a reason ends with, if any, and where it starts. */
function suffixOf(reason: string): { entry: Entry; match: RegExpExecArray } | null {
  for (const entry of SUFFIXES) {
    const match = entry.re.exec(reason);
    if (match) return { entry, match };
  }
  return null;
}

/** The reason in `lang`, or the server's English marked as English when no template matches it. */
export function localizeReason(reason: string, lang: Lang): ShownReason {
  if (lang === "en") return { text: reason, lang: "en" };
  const suffix = suffixOf(reason);
  if (suffix) {
    const head = localizeReason(reason.slice(0, suffix.match.index), lang);
    if (head.lang === "en") return { text: reason, lang: "en" };
    return { text: head.text + suffix.entry[lang](suffix.match.slice(1), wordsOf(lang)), lang };
  }
  for (const e of ENTRIES) {
    const m = e.re.exec(reason);
    if (!m) continue;
    return { text: e[lang](m.slice(1), wordsOf(lang)), lang };
  }
  return { text: reason, lang: "en" };
}
