/**
 * Name material for people and organisations. Only basic Cyrillic and Latin letters: the same name is printed by
 * Windows-1251 banks too, and cp1251 has no Kazakh-specific letters.
 */
import type { Rng } from "./prng.js";

const SURNAMES = [
  "Ахметов",
  "Бекмуратов",
  "Жумабаев",
  "Исаев",
  "Касымов",
  "Нурланов",
  "Омаров",
  "Тулегенов",
  "Утебаев",
  "Абдрахманов",
  "Есенов",
  "Муканов",
  "Сагинтаев",
  "Темирбеков",
  "Калиев",
  "Байжанов",
  "Ермеков",
  "Турсынов",
  "Дюсенов",
  "Иванов",
  "Петров",
  "Смирнов",
  "Кузнецов",
  "Попов",
  "Юсупов",
  "Алиев",
  "Сериков",
  "Искаков",
  "Садыков",
  "Жаксыбеков",
  "Толеубаев",
  "Мусин",
  "Кенжебаев",
  "Оспанов",
  "Абишев",
  "Рахимов",
  "Шарипов",
  "Бейсенов",
  "Кожахметов",
  "Мамыров",
  "Нуркенов",
  "Сарсенбаев",
  "Асанов",
  "Мухамеджанов",
  "Габдуллин",
];
const INVARIABLE_SURNAMES = ["Ким", "Пак", "Шевченко", "Цой", "Ли", "Бондаренко", "Сейткали", "Нурмагамбет"];
const MALE = [
  "Нурлан",
  "Ерлан",
  "Данияр",
  "Асхат",
  "Бауыржан",
  "Ержан",
  "Марат",
  "Руслан",
  "Тимур",
  "Азамат",
  "Арман",
  "Дамир",
  "Санжар",
  "Алихан",
  "Еркебулан",
  "Максим",
  "Дмитрий",
  "Александр",
  "Сергей",
  "Андрей",
  "Канат",
  "Серик",
  "Берик",
  "Айдос",
  "Мирас",
  "Нуржан",
  "Олжас",
  "Жандос",
  "Ильяс",
  "Арсен",
  "Али",
];
const FEMALE = [
  "Айгерим",
  "Асель",
  "Динара",
  "Гульнара",
  "Жанар",
  "Алия",
  "Камила",
  "Мадина",
  "Сауле",
  "Айжан",
  "Дана",
  "Томирис",
  "Аружан",
  "Жансая",
  "Анна",
  "Елена",
  "Ольга",
  "Наталья",
  "Татьяна",
  "Мария",
  "Гульмира",
  "Акмарал",
  "Салтанат",
  "Индира",
  "Лаура",
  "Айнур",
  "Карина",
  "Меруерт",
];
const FATHERS = [
  "Нурлан",
  "Ерлан",
  "Марат",
  "Руслан",
  "Тимур",
  "Азамат",
  "Арман",
  "Дамир",
  "Канат",
  "Серик",
  "Берик",
  "Болат",
  "Касым",
  "Ермек",
  "Мурат",
  "Кайрат",
  "Асхат",
  "Талгат",
  "Бахыт",
  "Жанат",
  "Александр",
  "Виктор",
  "Иван",
];

/** A person's full name in Russian order: surname, given name, patronymic. */
export function personName(rng: Rng, male: boolean): string {
  let surname: string;
  if (rng.chance(0.12)) surname = rng.pick(INVARIABLE_SURNAMES);
  else {
    const s = rng.pick(SURNAMES);
    surname = male ? s : s + "а";
  }
  const given = rng.pick(male ? MALE : FEMALE);
  const father = rng.pick(FATHERS);
  return `${surname} ${given} ${father}${male ? "ович" : "овна"}`;
}

/** "Ахметов Нурлан Болатович" → "Ахметов Н.Б." (how sole proprietors and payroll rows print a holder). */
export function shortName(full: string): string {
  const [s, g, p] = full.split(" ");
  return p ? `${s} ${g![0]}.${p[0]}.` : full;
}

const COMPANY_WORDS_A = [
  "Алатау",
  "Тенгри",
  "Сункар",
  "Байтерек",
  "Астана",
  "Жетысу",
  "Каспий",
  "Арай",
  "Дала",
  "Номад",
  "Сарыарка",
  "Кокше",
  "Иртыш",
  "Тараз",
  "Шымкент",
  "Орда",
  "Береке",
  "Самал",
  "Достар",
  "Нур",
];
const COMPANY_WORDS_B = [
  "Строй",
  "Сервис",
  "Трейд",
  "Логистик",
  "Агро",
  "Групп",
  "Фуд",
  "Медиа",
  "Транс",
  "Инвест",
  "Текстиль",
  "Плюс",
  "Партнер",
  "Технолоджи",
  "Энерго",
  "Фарм",
  "Ойл",
  "Моторс",
  "Девелопмент",
  "Консалтинг",
];
const SHOP_WORDS = [
  "Маркет",
  "Супермаркет",
  "Минимаркет",
  "Аптека",
  "Электроника",
  "Одежда",
  "Продукты",
  "Кафе",
  "Ресторан",
  "Автозапчасти",
  "Стройматериалы",
  "Зоотовары",
  "Цветы",
  "Книги",
  "Спорттовары",
];

/** A legal entity's name: ТОО «Алатау Строй». */
export function companyName(rng: Rng): string {
  return `ТОО «${rng.pick(COMPANY_WORDS_A)} ${rng.pick(COMPANY_WORDS_B)}»`;
}

/** A shop's name: ТОО «Аптека Самал» or a sole proprietor ИП Ахметов Н.Б. */
export function shopName(rng: Rng, ownerName: string | null): string {
  if (ownerName) return `ИП ${shortName(ownerName)}`;
  return `ТОО «${rng.pick(SHOP_WORDS)} ${rng.pick(COMPANY_WORDS_A)}»`;
}

const LATIN_GIVEN = [
  "MEHMET",
  "AHMET",
  "GIORGI",
  "DAVIT",
  "OMAR",
  "YUSUF",
  "ALI",
  "LEVAN",
  "MURAT",
  "EMRE",
  "NINO",
];
const LATIN_SURNAMES = [
  "YILMAZ",
  "KAYA",
  "DEMIR",
  "BERIDZE",
  "KAPANADZE",
  "AL MANSOORI",
  "HASSAN",
  "CELIK",
  "GELASHVILI",
];
const LATIN_FIRMS = ["GENERAL TRADING LLC", "TRADE LTD", "IMPEX LLC", "LOGISTICS FZE", "TEKSTIL LTD STI"];

/** A name as a foreign bank prints it: a person or a trading firm in Latin letters. */
export function foreignName(rng: Rng, firm: boolean): string {
  if (firm) return `${rng.pick(LATIN_SURNAMES)} ${rng.pick(LATIN_FIRMS)}`;
  return `${rng.pick(LATIN_GIVEN)} ${rng.pick(LATIN_SURNAMES)}`;
}

const MONTHS_RU = [
  "январь",
  "февраль",
  "март",
  "апрель",
  "май",
  "июнь",
  "июль",
  "август",
  "сентябрь",
  "октябрь",
  "ноябрь",
  "декабрь",
];

/** Russian month name (1-based month). */
export function monthRu(month: number): string {
  return MONTHS_RU[month - 1]!;
}
