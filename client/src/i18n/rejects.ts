/**
 * Ingest's row rejection reasons in the reader's language. The server words each reject in English from a finite set
 * of templates: whole-row ones (ingest/pipeline.ts: row width, encoding, quotes; map-common.ts: summary lines;
 * map-statement.ts, map-linkage.ts; the camt, MT940 and 1C readers' skipped entries) and `column "X": problem`
 * (ingest/fields.ts), whose problem is a mapper's own check or a validator's message (model/time.ts,
 * model/identifiers.ts, model/money.ts, ingest/time-window.ts, map-common.ts, map-watchlist.ts, map-linkage.ts).
 * Each entry recognises one template and writes it again in Russian or Kazakh. The column name (the file's own
 * header) and values quoted from the file stay as they are. Text no entry recognises is shown as the server wrote
 * it, marked as English (`localizeReject(...).lang`), as client/src/i18n/reasons.ts does for detection's reasons.
 * test/ingest/rejects-catalogue.test.ts ingests the repository's fixtures and fails on any reject left unrecognised.
 */
import { localeOf, nounForm } from "./index.js";
import type { ShownReason } from "./reasons.js";
import type { Lang } from "./types.js";

type Tr = Exclude<Lang, "en">;

/** A value as model/invalid-value.ts quoteValue writes it (a JSON string). */
const Q = String.raw`("(?:[^"\\]|\\.)*")`;
const N = String.raw`(\d+)`;

interface Fmt {
  /** A number from the server's text in the language's grouping ("12345" → "12 345"); other text as it is. */
  num(s: string): string;
  /** A count and its noun: Russian forms one / few / many; Kazakh has one form after a number. */
  n(s: string, forms: readonly string[]): string;
}

/** Russian nouns after a count: one / few / many. */
const RU = {
  value: ["значение", "значения", "значений"],
  column: ["столбец", "столбца", "столбцов"],
  char: ["символ", "символа", "символов"],
  digit: ["цифра", "цифры", "цифр"],
  byte: ["байт", "байта", "байт"],
} as const;

const fmts = new Map<Tr, Fmt>();
function fmtFor(lang: Tr): Fmt {
  let f = fmts.get(lang);
  if (!f) {
    const nf = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 });
    const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s) ? nf.format(Number(s)) : s);
    f = { num, n: (s, forms) => `${num(s)} ${nounForm(lang, Number(s), forms)}` };
    fmts.set(lang, f);
  }
  return f;
}

interface Entry {
  re: RegExp;
  ru: (g: string[], f: Fmt) => string;
  kk: (g: string[], f: Fmt) => string;
}

const e = (source: string, ru: Entry["ru"], kk: Entry["kk"]): Entry => ({
  re: new RegExp(`^${source}$`),
  ru,
  kk,
});

/** What follows `column "X": ` (ingest/fields.ts reject): the mapper's checks and the validators' messages. */
const PROBLEMS: readonly Entry[] = [
  // ingest/fields.ts, map-register.ts, map-statement.ts
  e(
    "is empty",
    () => "пусто",
    () => "бос",
  ),
  e(
    "is empty: a transfer needs a beneficiary account or an ATM",
    () => "пусто: для перевода нужен счёт получателя или банкомат",
    () => "бос: аударым үшін алушының шоты немесе банкомат керек",
  ),
  e(
    "is empty: a transfer needs the counterparty's account",
    () => "пусто: для перевода нужен счёт контрагента",
    () => "бос: аударым үшін контрагенттің шоты керек",
  ),
  e(
    "is the same account as the sender",
    () => "тот же счёт, что и у отправителя",
    () => "жіберушінің шотымен бірдей",
  ),
  e(
    "is the statement's own account",
    () => "это собственный счёт выписки",
    () => "бұл үзіндінің өз шоты",
  ),
  e(
    "both debit and credit are filled in one row",
    () => "в одной строке заполнены и дебет, и кредит",
    () => "бір жолда дебет те, кредит те толтырылған",
  ),
  e(
    "no debit or credit amount",
    () => "нет суммы ни по дебету, ни по кредиту",
    () => "дебет бойынша да, кредит бойынша да сома жоқ",
  ),
  e(
    String.raw`a credit at an ATM \(cash deposit\) is not a transfer between accounts`,
    () => "зачисление через банкомат (взнос наличных) — не перевод между счетами",
    () => "банкомат арқылы есепке алу (қолма-қол салым) шоттар арасындағы аударым емес",
  ),
  // map-common.ts
  e(
    String.raw`amount (\S+) must be above zero`,
    ([v], f) => `сумма ${f.num(v!)} должна быть больше нуля`,
    ([v], f) => `${f.num(v!)} сомасы нөлден үлкен болуы керек`,
  ),
  e(
    String.raw`reference ${Q} was already used earlier in this ingest for a different transfer \(other payer, payee, amount or currency\); a reference must name one transfer`,
    ([r]) =>
      `референс ${r} уже встречался в этой загрузке у другого перевода (другие плательщик, получатель, сумма или валюта); референс должен обозначать один перевод`,
    ([r]) =>
      `${r} референсі осы жүктеуде басқа аударымда кездесті (басқа төлеуші, алушы, сома немесе валюта); референс бір аударымды білдіруі керек`,
  ),
  e(
    `reference ${Q} was already used earlier in this ingest for a different operation`,
    ([r]) => `референс ${r} уже встречался в этой загрузке у другой операции`,
    ([r]) => `${r} референсі осы жүктеуде басқа операцияда кездесті`,
  ),
  e(
    `country ${Q} is not a 2-letter ISO code or a known name`,
    ([v]) => `страна ${v} — не двухбуквенный код ISO и не известное название`,
    ([v]) => `${v} елі екі әріпті ISO коды да, белгілі атау да емес`,
  ),
  // map-complaints.ts, map-watchlist.ts, map-linkage.ts
  e(
    "case (.+) was already read with another victim account or loss",
    ([c]) => `дело ${c} уже прочитано с другим счётом потерпевшего или другим ущербом`,
    ([c]) => `${c} ісі басқа жәбірленуші шотымен немесе басқа залалмен оқылған`,
  ),
  e(
    "account (.+) is already listed with another category",
    ([a]) => `счёт ${a} уже внесён в список с другой категорией`,
    ([a]) => `${a} шоты тізімге басқа санатпен енгізілген`,
  ),
  e(
    `category ${Q} is not exchange, p2p or card2crypto`,
    ([v]) => `категория ${v} — не "exchange", "p2p" и не "card2crypto"`,
    ([v]) => `${v} санаты "exchange", "p2p" немесе "card2crypto" емес`,
  ),
  e(
    `IP ${Q} is not an IPv4 or IPv6 address`,
    ([v]) => `IP ${v} — не адрес IPv4 или IPv6`,
    ([v]) => `${v} IP мекенжайы IPv4 не IPv6 емес`,
  ),
  // model/time.ts
  e(
    `date ${Q}: month ${N} does not exist`,
    ([v, m]) => `дата ${v}: месяца ${m} не существует`,
    ([v, m]) => `${v} күні: ${m}-ай жоқ`,
  ),
  e(
    String.raw`date ${Q}: day ${N} does not exist in (\d{4}-\d{2})`,
    ([v, d, ym]) => `дата ${v}: дня ${d} нет в ${ym}`,
    ([v, d, ym]) => `${v} күні: ${ym} айында ${d}-күн жоқ`,
  ),
  e(
    `date ${Q}: time of day out of range`,
    ([v]) => `дата ${v}: время суток вне допустимого диапазона`,
    ([v]) => `${v} күні: тәулік уақыты рұқсат етілген ауқымнан тыс`,
  ),
  e(
    `date ${Q}: UTC offset out of range`,
    ([v]) => `дата ${v}: смещение от UTC вне допустимого диапазона`,
    ([v]) => `${v} күні: UTC-ден ығысу рұқсат етілген ауқымнан тыс`,
  ),
  e(
    String.raw`date ${Q} is not in a known format \(DD\.MM\.YYYY HH:MM:SS, YYYY-MM-DD HH:MM:SS or ISO 8601\)`,
    ([v]) => `дата ${v} не в известном формате (ДД.ММ.ГГГГ ЧЧ:ММ:СС, ГГГГ-ММ-ДД ЧЧ:ММ:СС или ISO 8601)`,
    ([v]) => `${v} күні белгілі пішімде емес (КК.АА.ЖЖЖЖ СС:ММ:СС, ЖЖЖЖ-АА-КК СС:ММ:СС немесе ISO 8601)`,
  ),
  // ingest/time-window.ts
  e(
    String.raw`date ${Q} is before (.+?), the earliest plausible date \(MULEGRAPH_TIME_NOT_BEFORE or --not-before changes it\)`,
    ([v, d]) =>
      `дата ${v} раньше ${d}, самой ранней правдоподобной даты (её задаёт настройка MULEGRAPH_TIME_NOT_BEFORE)`,
    ([v, d]) =>
      `${v} күні ең ерте ықтимал күннен (${d}) бұрын (оны MULEGRAPH_TIME_NOT_BEFORE баптауы белгілейді)`,
  ),
  e(
    String.raw`date ${Q} is after (.+?) \((.+?)\), the latest plausible time \((the ingest time plus one day|MULEGRAPH_TIME_NOT_AFTER or --not-after)\): a date in the future is a typo or a broken export`,
    ([v, d, z, why]) =>
      `дата ${v} позже ${d} (${z}), самого позднего правдоподобного времени (${why!.startsWith("the ingest") ? "время загрузки плюс сутки" : "его задаёт настройка MULEGRAPH_TIME_NOT_AFTER"}): дата в будущем — опечатка или испорченная выгрузка`,
    ([v, d, z, why]) =>
      `${v} күні ең кеш ықтимал уақыттан (${d}, ${z}) кейін (${why!.startsWith("the ingest") ? "жүктеу уақыты қосу бір тәулік" : "оны MULEGRAPH_TIME_NOT_AFTER баптауы белгілейді"}): болашақтағы күн — қате теру немесе бүлінген экспорт`,
  ),
  // model/identifiers.ts
  e(
    `${Q} is not an IBAN`,
    ([v]) => `${v} — не IBAN`,
    ([v]) => `${v} IBAN емес`,
  ),
  e(
    String.raw`IBAN ${Q} has ${N} characters; ([A-Z]{2}) IBANs have ${N}`,
    ([v, k, c, len], f) => `в IBAN ${v} ${f.n(k!, RU.char)}, а в IBAN страны ${c} их ${f.num(len!)}`,
    ([v, k, c, len], f) => `${v} IBAN-ында ${f.num(k!)} таңба, ал ${c} елінің IBAN-ында ${f.num(len!)}`,
  ),
  e(
    String.raw`IBAN ${Q} fails its check digits \(mod-97\)`,
    ([v]) => `IBAN ${v} не проходит проверку контрольных цифр (mod-97)`,
    ([v]) => `${v} IBAN-ы бақылау цифрларының тексерісінен өтпейді (mod-97)`,
  ),
  e(
    "account is empty",
    () => "счёт пуст",
    () => "шот бос",
  ),
  e(
    `account ${Q} has characters an account number cannot have`,
    ([v]) => `в счёте ${v} есть символы, которых не бывает в номере счёта`,
    ([v]) => `${v} шотында шот нөмірінде болмайтын таңбалар бар`,
  ),
  e(
    `account ${Q} is not an IBAN and no bank is given, so it cannot be keyed`,
    ([v]) => `счёт ${v} — не IBAN, и банк не указан, поэтому его нельзя однозначно определить`,
    ([v]) => `${v} шоты IBAN емес және банк көрсетілмеген, сондықтан оны бірмәнді анықтау мүмкін емес`,
  ),
  e(
    "account has neither IBAN nor number",
    () => "у счёта нет ни IBAN, ни номера",
    () => "шоттың IBAN-ы да, нөмірі де жоқ",
  ),
  e(
    `IIN/BIN ${Q} is not 12 digits`,
    ([v]) => `ИИН/БИН ${v} — не 12 цифр`,
    ([v]) => `${v} ЖСН/БСН 12 цифр емес`,
  ),
  e(
    String.raw`IIN/BIN ${Q} fails its check digit \(mod-11\)`,
    ([v]) => `ИИН/БИН ${v} не проходит проверку контрольной цифры (mod-11)`,
    ([v]) => `${v} ЖСН/БСН бақылау цифрының тексерісінен өтпейді (mod-11)`,
  ),
  e(
    `IIN/BIN ${Q}: 5th digit ${N} is neither a day nor an entity type`,
    ([v, d]) => `ИИН/БИН ${v}: 5-я цифра ${d} не означает ни день, ни тип юрлица`,
    ([v, d]) => `${v} ЖСН/БСН: 5-цифр ${d} күнді де, заңды тұлға түрін де білдірмейді`,
  ),
  e(
    `phone ${Q} has characters a phone number cannot have`,
    ([v]) => `в телефоне ${v} есть символы, которых не бывает в номере телефона`,
    ([v]) => `${v} телефонында телефон нөмірінде болмайтын таңбалар бар`,
  ),
  e(
    String.raw`phone ${Q}: \+7 numbers have 10 digits after the country code`,
    ([v]) => `телефон ${v}: в номерах +7 после кода страны 10 цифр`,
    ([v]) => `${v} телефоны: +7 нөмірлерінде ел кодынан кейін 10 цифр болады`,
  ),
  e(
    String.raw`phone ${Q} is not an international number \(8\.\.15 digits\)`,
    ([v]) => `телефон ${v} — не международный номер (от 8 до 15 цифр)`,
    ([v]) => `${v} телефоны халықаралық нөмір емес (8–15 цифр)`,
  ),
  e(
    String.raw`phone ${Q} is neither a Kazakh number nor in \+country format`,
    ([v]) => `телефон ${v} — ни казахстанский номер, ни номер в формате +код страны`,
    ([v]) => `${v} телефоны қазақстандық нөмір де, +ел коды пішіміндегі нөмір де емес`,
  ),
  e(
    `card ${Q} has characters a card number cannot have`,
    ([v]) => `в карте ${v} есть символы, которых не бывает в номере карты`,
    ([v]) => `${v} картасында карта нөмірінде болмайтын таңбалар бар`,
  ),
  e(
    String.raw`card ${Q} has ${N} digits; card numbers have 13\.\.19`,
    ([v, k], f) => `в карте ${v} ${f.n(k!, RU.digit)}, а в номерах карт от 13 до 19`,
    ([v, k], f) => `${v} картасында ${f.num(k!)} цифр, ал карта нөмірлерінде 13–19 цифр болады`,
  ),
  e(
    `card ${Q} must show at least its first 4 and last 4 digits`,
    ([v]) => `в карте ${v} должны быть видны хотя бы первые 4 и последние 4 цифры`,
    ([v]) => `${v} картасында кемінде алғашқы 4 және соңғы 4 цифр көрінуі керек`,
  ),
  // model/money.ts
  e(
    `(amount|rate) ${Q} is not a number`,
    ([w, v]) => `${w === "amount" ? "сумма" : "курс"} ${v} — не число`,
    ([w, v]) => `${v} ${w === "amount" ? "сомасы" : "бағамы"} сан емес`,
  ),
  e(
    `(amount|rate) ${Q} is ambiguous: ${Q} could separate thousands or decimals`,
    ([w, v, s]) =>
      `${w === "amount" ? "сумма" : "курс"} ${v} неоднозначна: ${s} может отделять как тысячи, так и дробную часть`,
    ([w, v, s]) =>
      `${v} ${w === "amount" ? "сомасы" : "бағамы"} екіұшты: ${s} мыңдықтарды да, бөлшек бөлікті де бөле алады`,
  ),
  e(
    `rate ${Q} must be above zero`,
    ([v]) => `курс ${v} должен быть больше нуля`,
    ([v]) => `${v} бағамы нөлден үлкен болуы керек`,
  ),
  e(
    `currency ${Q} is not an ISO 4217 code`,
    ([v]) => `валюта ${v} — не код ISO 4217`,
    ([v]) => `${v} валютасы ISO 4217 коды емес`,
  ),
  e(
    "no KZT rate for ([A-Z0-9]{3}): add a rate column or an fxTable entry",
    ([c]) =>
      `нет курса ${c} к тенге: добавьте в файл столбец курса или задайте курс в таблице курсов (fxTable)`,
    ([c]) =>
      `${c} валютасының теңгеге бағамы жоқ: файлға бағам бағанын қосыңыз немесе бағамды бағамдар кестесінде (fxTable) беріңіз`,
  ),
  // ingest/encoding.ts rowEncodingProblem (after `column "X": ` or `value N: `)
  e(
    String.raw`this row is written in UTF-8 but the file is Windows-1251 \(read as Windows-1251 it would be stored garbled\)\. Save the whole file in one encoding and ingest it again`,
    () =>
      "эта строка записана в UTF-8, а файл — в Windows-1251 (прочитанная как Windows-1251, она сохранилась бы искажённой). Сохраните весь файл в одной кодировке и загрузите снова",
    () =>
      "бұл жол UTF-8 кодтауында, ал файл Windows-1251 кодтауында (Windows-1251 ретінде оқылса, бұрмаланып сақталар еді). Бүкіл файлды бір кодтауда сақтап, қайта жүктеңіз",
  ),
  e(
    String.raw`this row has bytes that are not UTF-8 but the file is UTF-8 \(a row in another encoding, such as Windows-1251, would be stored garbled\)\. Save the whole file in one encoding and ingest it again`,
    () =>
      "в этой строке есть байты не в UTF-8, а файл — в UTF-8 (строка в другой кодировке, например Windows-1251, сохранилась бы искажённой). Сохраните весь файл в одной кодировке и загрузите снова",
    () =>
      "бұл жолда UTF-8 емес байттар бар, ал файл UTF-8 кодтауында (басқа кодтаудағы жол, мысалы Windows-1251, бұрмаланып сақталар еді). Бүкіл файлды бір кодтауда сақтап, қайта жүктеңіз",
  ),
];

/** Whole-row reasons (no column prefix). */
const WHOLE: readonly Entry[] = [
  // ingest/pipeline.ts
  e(
    `row has ${N} values but the header has ${N} columns: a value probably contains the delimiter ${Q} without quotes`,
    ([k, h, d], f) =>
      `в строке ${f.n(k!, RU.value)}, а в заголовке ${f.n(h!, RU.column)}: вероятно, значение содержит разделитель ${d} без кавычек`,
    ([k, h, d], f) =>
      `жолда ${f.num(k!)} мән, ал тақырыпта ${f.num(h!)} баған: мәннің ішінде ${d} бөлгіші тырнақшасыз тұрған болуы мүмкін`,
  ),
  e(
    "a quoted value that starts here is never closed, so this line could not be read as a row",
    () => "значение в кавычках, начатое здесь, не закрыто, поэтому эту строку не удалось прочитать",
    () => "осы жерде басталған тырнақшадағы мән жабылмаған, сондықтан бұл жол оқылмады",
  ),
  e(
    `a quoted value that starts here is never closed, so lines ${N}–${N} could not be read as rows`,
    ([a, b], f) =>
      `значение в кавычках, начатое здесь, не закрыто, поэтому строки ${f.num(a!)}–${f.num(b!)} не удалось прочитать`,
    ([a, b], f) =>
      `осы жерде басталған тырнақшадағы мән жабылмаған, сондықтан ${f.num(a!)}–${f.num(b!)} жолдары оқылмады`,
  ),
  e(
    String.raw`a quoted value that starts here is never closed \(it runs past ${N} bytes\), so lines ${N}–${N} could not be read as rows\. Fix the quote and ingest again\.`,
    ([n, a, b], f) =>
      `значение в кавычках, начатое здесь, не закрыто (оно длиннее ${f.n(n!, RU.byte)}), поэтому строки ${f.num(a!)}–${f.num(b!)} не удалось прочитать. Исправьте кавычку и загрузите файл снова.`,
    ([n, a, b], f) =>
      `осы жерде басталған тырнақшадағы мән жабылмаған (ол ${f.num(n!)} байттан ұзын), сондықтан ${f.num(a!)}–${f.num(b!)} жолдары оқылмады. Тырнақшаны түзетіп, файлды қайта жүктеңіз.`,
  ),
  e(
    "malformed quotes: a value has text right after its closing quote",
    () => "неверные кавычки: сразу после закрывающей кавычки значения идёт текст",
    () => "тырнақша қате: мәннің жабатын тырнақшасынан кейін бірден мәтін тұр",
  ),
  e(
    "malformed CSV",
    () => "повреждённый CSV",
    () => "бүлінген CSV",
  ),
  // map-common.ts, map-statement.ts, map-linkage.ts
  e(
    String.raw`summary line \((".*")\), not a transaction`,
    ([t]) => `итоговая строка (${t}), а не операция`,
    ([t]) => `қорытынды жол (${t}), операция емес`,
  ),
  e(
    `the statement's own account is unknown: no "Счет" column value and no "Выписка по счету KZ…" line above the header`,
    () =>
      `собственный счёт выписки неизвестен: нет значения в столбце "Счет" и нет строки "Выписка по счету KZ…" над заголовком`,
    () =>
      `үзіндінің өз шоты белгісіз: "Счет" бағанында мән жоқ және тақырыптың үстінде "Выписка по счету KZ…" жолы жоқ`,
  ),
  e(
    "no IIN, card or account: the row does not say whose session or linkage it is",
    () => "нет ни ИИН, ни карты, ни счёта: из строки не видно, чья это сессия или связь",
    () => "ЖСН де, карта да, шот та жоқ: жолдан бұл кімнің сеансы немесе байланысы екені көрінбейді",
  ),
  // ingest/formats: camt.ts, mt940.ts, one-c.ts
  e(
    String.raw`entry status ([A-Z]+), not booked \(BOOK\): not a transfer yet`,
    ([s]) => `запись в статусе ${s}, не проведена (BOOK): это ещё не перевод`,
    ([s]) => `${s} күйіндегі жазба өткізілмеген (BOOK): бұл әлі аударым емес`,
  ),
  e(
    String.raw`statement line (".*") does not follow the :61: layout YYMMDD\[MMDD\] D\|C\|RD\|RC amount type reference: not read`,
    ([l]) =>
      `строка выписки ${l} не соответствует формату :61: (ГГММДД[ММДД] D|C|RD|RC сумма тип референс): не прочитана`,
    ([l]) =>
      `${l} үзінді жолы :61: пішіміне сәйкес емес (ЖЖААКК[ААКК] D|C|RD|RC сома түр референс): оқылмады`,
  ),
  e(
    `СекцияДокумент is not closed by КонецДокумента before the next one starts on line ${N}: not read`,
    ([n], f) =>
      `СекцияДокумент не закрыта строкой КонецДокумента до начала следующей в строке ${f.num(n!)}: не прочитана`,
    ([n], f) =>
      `СекцияДокумент ${f.num(n!)}-жолда келесісі басталғанға дейін КонецДокумента жолымен жабылмаған: оқылмады`,
  ),
  e(
    String.raw`СекцияДокумент is never closed by КонецДокумента \(is the file cut off\?\): not read`,
    () => "СекцияДокумент так и не закрыта строкой КонецДокумента (файл обрезан?): не прочитана",
    () => "СекцияДокумент ешқашан КонецДокумента жолымен жабылмаған (файл қиылған ба?): оқылмады",
  ),
];

/** `column "X": problem` (ingest/fields.ts) or `value 3: problem` (ingest/encoding.ts, a cell with no header). */
const COLUMN = /^column "(.*?)": (.+)$/s;
const VALUE = /^value (\d+): (.+)$/s;

function apply(list: readonly Entry[], text: string, lang: Tr): string | undefined {
  for (const entry of list) {
    const m = entry.re.exec(text);
    if (m) return entry[lang](m.slice(1), fmtFor(lang));
  }
  return undefined;
}

function translate(reason: string, lang: Tr): string | undefined {
  const whole = apply(WHOLE, reason, lang);
  if (whole !== undefined) return whole;
  const col = COLUMN.exec(reason);
  if (col) {
    const problem = apply(PROBLEMS, col[2]!, lang);
    if (problem === undefined) return undefined;
    return lang === "ru" ? `столбец "${col[1]}": ${problem}` : `"${col[1]}" бағаны: ${problem}`;
  }
  const val = VALUE.exec(reason);
  if (val) {
    const problem = apply(PROBLEMS, val[2]!, lang);
    if (problem === undefined) return undefined;
    const n = fmtFor(lang).num(val[1]!);
    return lang === "ru" ? `значение ${n}: ${problem}` : `${n}-мән: ${problem}`;
  }
  return undefined;
}

/** Is this reject reason one of the server's templates (the test's check; the UI uses localizeReject)? */
export function recognisedReject(reason: string): boolean {
  return translate(reason, "ru") !== undefined;
}

/**
 * The reject reason in `lang`, or the server's English marked as English when no template matches it (among them
 * pipeline.ts csvProblem's "malformed CSV: " followed by csv-parse's own message, which has no template).
 */
export function localizeReject(reason: string, lang: Lang): ShownReason {
  if (lang === "en") return { text: reason, lang: "en" };
  const text = translate(reason, lang);
  return text !== undefined ? { text, lang } : { text: reason, lang: "en" };
}
