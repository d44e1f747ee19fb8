/**
 * Who holds an account: a person, a sole proprietor (ИП / ЖК) or a legal entity, from the holder's IIN/BIN and name.
 * Both stores' projections must agree, so this is one pure function (the contract suite pins the rules).
 */
import type { CompanyKind } from "../../model/records.js";

export type HolderKind = "person" | "sole_proprietor" | "legal_entity";

/** ИП (Russian), ЖК (Kazakh), IP (Latin transliteration) and the long forms. */
const SOLE_PROPRIETOR = /^(ип|жк|ip|индивидуальный предприниматель|жеке кәсіпкер)(\s|$|["«])/;
/** ТОО/АО/ООО and their Kazakh and English counterparts. */
const LEGAL_ENTITY = /^(тоо|ао|оао|зао|ооо|жшс|ақ|llp|jsc|llc|ltd|too)(\s|$|["«])/;

/** A BIN's fifth digit gives the entity type: 4 resident, 5 non-resident legal entity, 6 joint business. */
export function isBin(id: string): boolean {
  return /^\d{12}$/.test(id) && "456".includes(id[4]!);
}

/**
 * The holder's kind, first rule that applies: the kind of the company registered under the holder's id; a BIN →
 * legal entity; a name starting with ИП/ЖК/IP → sole proprietor; a name starting with a legal form → legal entity;
 * an IIN → person; otherwise unknown.
 */
export function holderKind(
  holderId: string | undefined,
  holderName: string | undefined,
  companyKind: CompanyKind | undefined,
): HolderKind | undefined {
  if (companyKind) return companyKind;
  if (holderId && isBin(holderId)) return "legal_entity";
  const name = holderName?.trim().toLowerCase();
  if (name && SOLE_PROPRIETOR.test(name)) return "sole_proprietor";
  if (name && LEGAL_ENTITY.test(name)) return "legal_entity";
  if (holderId && /^\d{12}$/.test(holderId)) return "person";
  return undefined;
}
