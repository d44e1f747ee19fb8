/**
 * Named column mappings through the real server: the upload preview's per-column fields and confidence and the
 * header's signature, saving a mapping (audited, role-checked, refused when it names a column or field that does not
 * exist), the preview offering it for the next file with the same header, an upload read with it, and deleting it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerSignature } from "../../server/api/header-signature.js";
import { type ApiClient, fieldsOf, startTestServer, type TestServer } from "./harness.js";
import { csvForm, REGISTER_CSV } from "./seed.fixtures.js";

interface ColumnGuess {
  index: number;
  header: string;
  field: string | null;
  confidence: number;
  candidates: { field: string; confidence: number }[];
}
interface NamedMapping {
  name: string;
  kind: string;
  signature: string;
  header: string[];
  columns: Record<string, string>;
  createdBy: string;
  createdAt: number;
}
interface Preview {
  kind: string;
  complete: boolean;
  missing?: string[];
  mapping: Record<string, string>;
  columns: ColumnGuess[];
  preview: string[][];
  signature: string;
  savedMappings: NamedMapping[];
  fields: Record<string, string[]>;
}

/**
 * A register whose last column has a heading no bank vocabulary knows ("Доп. поле 7"); it holds the payment's
 * purpose, which only the user can tell. The other headings are the register's usual ones.
 */
const ODD_HEADER = [
  "Референс",
  "Дата операции",
  "Счет отправителя",
  "Счет получателя",
  "Сумма",
  "Валюта",
  "Доп. поле 7",
];
function oddRegister(header: string[], rows: [string, string][]): string {
  return [
    header.join(";"),
    ...rows.map(
      ([txId, note]) =>
        `${txId};02.04.2024 09:15:00;KZ257220000000000001;KZ886010000000000003;25 000,00;KZT;${note}`,
    ),
    "",
  ].join("\r\n");
}

async function waitForJob(c: ApiClient, id: string): Promise<{ status: string; error?: string }> {
  for (let i = 0; i < 300; i++) {
    const r = await c.get<{ status: string; error?: string }>(`/api/uploads/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`upload ${id} did not finish`);
}

describe("named column mappings", () => {
  let t: TestServer;
  let analyst: ApiClient;
  let investigator: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.as("analyst");
    investigator = await t.as("investigator");
  });
  afterAll(() => t.close());

  const preview = (c: ApiClient, name: string, text: string, mapping?: unknown) =>
    c.upload<Preview>("/api/uploads/preview", csvForm(name, text, "file", mapping));

  it("previews each column's field and confidence, the header's signature and every kind's fields", async () => {
    const r = await preview(analyst, "register.csv", REGISTER_CSV);
    expect(r.status).toBe(200);
    const header = REGISTER_CSV.split("\r\n")[0]!.split(";");
    expect(r.body.columns.map((c) => [c.index, c.header])).toEqual(header.map((h, i) => [i, h]));
    const byHeader = new Map(r.body.columns.map((c) => [c.header, c]));
    expect(byHeader.get("Счет отправителя")?.field).toBe("fromAccount");
    expect(byHeader.get("Сумма")?.field).toBe("amount");
    for (const c of r.body.columns) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      // A column read as a field is the preview's mapping of it, and the field is the best candidate.
      if (c.field !== null) {
        expect(r.body.mapping[c.header]).toBe(c.field);
        expect(c.confidence).toBeGreaterThan(0);
        expect(c.candidates[0]?.field).toBe(c.field);
      }
    }
    expect(r.body.signature).toBe(headerSignature(header));
    expect(r.body.complete).toBe(true);
    expect(r.body.savedMappings).toEqual([]);
    expect(r.body.fields.register).toEqual(expect.arrayContaining(["fromAccount", "toAccount", "purpose"]));
    expect(r.body.fields.statement).toEqual(expect.arrayContaining(["debit", "credit"]));
  });

  it("leaves a column with an unknown heading unread in the preview", async () => {
    const r = await preview(analyst, "odd.csv", oddRegister(ODD_HEADER, [["ODD-1", "аренда"]]));
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe("register");
    const odd = r.body.columns.find((c) => c.header === "Доп. поле 7")!;
    expect(odd.field === null || odd.field !== "purpose").toBe(true);
  });

  it("previews a header that lacks a required field as incomplete, and ingests it once a mapping completes it", async () => {
    // Payer and payee named without saying "account": recognition must not guess the accounts.
    const header = ["Номер", "Дата", "Плательщик", "Получатель", "Сумма"];
    const text = [
      header.join(";"),
      "INC-1;05.04.2024;KZ257220000000000001;KZ886010000000000003;5 000,00",
      "",
    ].join("\r\n");
    const r = await preview(analyst, "incomplete.csv", text);
    expect(r.status).toBe(200);
    expect(r.body.complete).toBe(false);
    expect(r.body.missing).toEqual(expect.arrayContaining(["fromAccount"]));
    expect(r.body.columns.map((c) => c.header)).toEqual(header);
    expect(r.body.signature).toBe(headerSignature(header));

    const refused = await analyst.upload("/api/uploads", csvForm("incomplete.csv", text));
    expect(refused.status).toBe(422);

    const columns = { Плательщик: "fromAccount", Получатель: "toAccount" };
    const mapped = await preview(analyst, "incomplete.csv", text, { kind: "register", columns });
    expect(mapped.status).toBe(200);
    expect(mapped.body.complete).toBe(true);
    const form = csvForm("incomplete.csv", text);
    form.append("mappings", JSON.stringify({ "incomplete.csv": { kind: "register", columns } }));
    const started = await analyst.upload<{ id: string }>("/api/uploads", form);
    expect(started.status).toBe(202);
    expect((await waitForJob(analyst, started.body.id)).status).toBe("done");
    expect(await t.store.transfersByIds(["INC-1"])).toHaveLength(1);
  });

  let saved: NamedMapping;

  it("saves a mapping under a name with the header's signature, and audits it", async () => {
    const r = await analyst.post<NamedMapping>("/api/mappings", {
      name: "Банк Б / реестр",
      kind: "register",
      header: ODD_HEADER,
      columns: {
        Референс: "txId",
        "Дата операции": "ts",
        "Счет отправителя": "fromAccount",
        "Счет получателя": "toAccount",
        Сумма: "amount",
        Валюта: "currency",
        "Доп. поле 7": "purpose",
      },
    });
    expect(r.status).toBe(201);
    saved = r.body;
    expect(saved).toMatchObject({ name: "Банк Б / реестр", kind: "register", createdBy: "analyst" });
    expect(saved.signature).toBe(headerSignature(ODD_HEADER));
    expect(await t.store.getNamedMapping("Банк Б / реестр")).toEqual(saved);
    const audit = await t.store.auditEntries({});
    expect(audit.at(-1)).toMatchObject({
      actor: "analyst",
      action: "mapping.save",
      target: "Банк Б / реестр",
      params: { kind: "register", signature: saved.signature, replaced: false },
    });
  });

  it("offers the saved mapping for the next file whose header differs only in case and spacing", async () => {
    const header = ODD_HEADER.map((h, i) => (i % 2 ? h.toUpperCase() : `  ${h.replace(" ", "  ")} `));
    const r = await preview(analyst, "next-week.csv", oddRegister(header, [["ODD-2", "аренда"]]));
    expect(r.status).toBe(200);
    expect(r.body.signature).toBe(saved.signature);
    expect(r.body.savedMappings).toEqual([saved]);
  });

  it("does not offer it for a header with another column order", async () => {
    const header = [...ODD_HEADER.slice(1), ODD_HEADER[0]!];
    const text = [
      header.join(";"),
      "02.04.2024 09:15:00;KZ257220000000000001;KZ886010000000000003;1,00;KZT;x;T-1",
    ]
      .concat("")
      .join("\r\n");
    const r = await preview(analyst, "other.csv", text);
    expect(r.status).toBe(200);
    expect(r.body.signature).not.toBe(saved.signature);
    expect(r.body.savedMappings).toEqual([]);
  });

  it("ingests an upload read with the saved mapping: the unknown column becomes the transfer's purpose", async () => {
    const form = csvForm("odd-upload.csv", oddRegister(ODD_HEADER, [["ODD-3", "аренда склада"]]));
    form.append(
      "mappings",
      JSON.stringify({ "odd-upload.csv": { kind: saved.kind, columns: saved.columns } }),
    );
    const started = await analyst.upload<{ id: string }>("/api/uploads", form);
    expect(started.status).toBe(202);
    expect((await waitForJob(analyst, started.body.id)).status).toBe("done");
    const [transfer] = await t.store.transfersByIds(["ODD-3"]);
    expect(transfer).toMatchObject({ txId: "ODD-3", purpose: "аренда склада" });
  });

  it("lists the saved mappings, all or by signature, and gives one by name", async () => {
    const all = await investigator.get<{ mappings: NamedMapping[]; fields: Record<string, string[]> }>(
      "/api/mappings",
    );
    expect(all.status).toBe(200);
    expect(all.body.mappings).toEqual([saved]);
    // What a column can be mapped to, for a file no preview could describe.
    expect(all.body.fields.register).toEqual(expect.arrayContaining(["fromAccount", "toAccount", "amount"]));
    const bySig = await analyst.get<{ mappings: NamedMapping[] }>(
      `/api/mappings?signature=${"f".repeat(64)}`,
    );
    expect(bySig.body.mappings).toEqual([]);
    const one = await analyst.get<NamedMapping>(`/api/mappings/${encodeURIComponent(saved.name)}`);
    expect(one.body).toEqual(saved);
    expect((await analyst.get("/api/mappings/nothing-by-this-name")).status).toBe(404);
  });

  it("refuses a taken name unless asked to replace it", async () => {
    const again = { name: saved.name, kind: "register", header: ODD_HEADER, columns: { "Доп. поле 7": "" } };
    const refused = await analyst.post("/api/mappings", again);
    expect(refused.status).toBe(409);
    expect(fieldsOf(refused)).toEqual(["body.name"]);
    expect(await t.store.getNamedMapping(saved.name)).toEqual(saved);
    const replaced = await analyst.post<NamedMapping>("/api/mappings", { ...again, replace: true });
    expect(replaced.status).toBe(201);
    expect((await t.store.getNamedMapping(saved.name))?.columns).toEqual({ "Доп. поле 7": "" });
    expect((await t.store.auditEntries({})).at(-1)?.params).toMatchObject({ replaced: true });
  });

  it("refuses a column that is not in the header and a field the kind does not have", async () => {
    const r = await analyst.post("/api/mappings", {
      name: "broken",
      kind: "statement",
      header: ["Дата", "Сумма"],
      columns: { Дата: "ts", Сумма: "victimAccount", Комментарий: "purpose" },
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r).sort()).toEqual(["body.columns.Комментарий", "body.columns.Сумма"]);
    expect(await t.store.getNamedMapping("broken")).toBeNull();
  });

  it("lets an investigator read mappings but not save or delete them", async () => {
    const save = await investigator.post("/api/mappings", {
      name: "investigator's",
      kind: "register",
      header: ["A"],
      columns: {},
    });
    expect(save.status).toBe(403);
    expect(
      (await investigator.request("DELETE", `/api/mappings/${encodeURIComponent(saved.name)}`)).status,
    ).toBe(403);
    expect(await t.store.getNamedMapping(saved.name)).not.toBeNull();
  });

  it("deletes a mapping, audits it, and answers 404 for one that is gone", async () => {
    const path = `/api/mappings/${encodeURIComponent(saved.name)}`;
    const r = await analyst.request("DELETE", path);
    expect(r.status).toBe(200);
    expect(await t.store.getNamedMapping(saved.name)).toBeNull();
    expect((await t.store.auditEntries({})).at(-1)).toMatchObject({
      action: "mapping.delete",
      target: saved.name,
    });
    expect((await analyst.request("DELETE", path)).status).toBe(404);
    const r2 = await preview(analyst, "after.csv", oddRegister(ODD_HEADER, [["ODD-4", "x"]]));
    expect(r2.body.savedMappings).toEqual([]);
  });
});
