/**
 * The client's labels for kinds and canonical fields (client/src/fields.ts): every field that ingest can map a column
 * to has a label of its own, and requirements and confidence read as words.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  confidenceLabel,
  FIELD_LABELS,
  fieldLabel,
  KIND_LABELS,
  requirementLabel,
} from "../../client/src/fields.js";
import { setLang } from "../../client/src/i18n/index.js";
import { fieldsOf } from "../../ingest/index.js";

const KINDS = ["register", "statement", "linkage", "complaints", "watchlist"] as const;

describe("client field labels", () => {
  beforeEach(() => setLang("en"));
  afterEach(() => setLang("ru"));

  it("labels every export kind", () => {
    expect(Object.keys(KIND_LABELS).sort()).toEqual([...KINDS].sort());
  });

  it.each(KINDS)("labels every field of a %s export, not by the fallback", (kind) => {
    const unlabelled = fieldsOf(kind).filter((f) => FIELD_LABELS[f] === undefined);
    expect(unlabelled, `add these to client/src/fields.ts FIELD_LABELS`).toEqual([]);
  });

  it("gives a field a kind's own meaning where it differs, and words for a field it does not know", () => {
    expect(fieldLabel("fromAccount")).toBe("Sender account");
    expect(fieldLabel("account", "statement")).toBe("Statement's own account");
    expect(fieldLabel("account", "linkage")).toBe("Account");
    expect(fieldLabel("holderTaxId")).toBe("Holder tax id");
  });

  it.each([
    ["ts", "Date and time"],
    ["toAccount or atmId", "Beneficiary account or ATM"],
    ["debit or credit", "Debit (money out) or Credit (money in)"],
    ["debit or amount with counterpartyName", "Debit (money out) or Amount with Counterparty name"],
  ])("words the requirement %s as %s", (requirement, words) => {
    expect(requirementLabel(requirement)).toBe(words);
  });

  it.each([
    [1, "high (100%)"],
    [0.85, "high (85%)"],
    [0.84, "medium (84%)"],
    [0.5, "medium (50%)"],
    [0.49, "low (49%)"],
    [0, "low (0%)"],
  ])("words confidence %s as %s", (confidence, words) => {
    expect(confidenceLabel(confidence)).toBe(words);
  });

  it("labels fields and kinds in Russian and Kazakh, never by their internal names", () => {
    setLang("ru");
    expect(fieldLabel("fromAccount")).toBe("Счёт отправителя");
    expect(fieldLabel("victimIin")).toBe("ИИН потерпевшего");
    expect(requirementLabel("toAccount or atmId")).toBe("Счёт получателя или Банкомат");
    setLang("kk");
    expect(fieldLabel("victimIin")).toBe("Жәбірленушінің ЖСН");
    expect(fieldLabel("account", "statement")).toBe("Үзіндінің өз шоты");
  });
});
