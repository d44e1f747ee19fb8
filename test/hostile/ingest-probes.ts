/**
 * The hostile probes of bad input through the real server, as a suite that runs on either store
 * (encoding.test.ts / plausible-time.test.ts on the embedded one, ingest.neo4j.test.ts on Neo4j): a UTF-8 file with
 * one Windows-1251 row (and the reverse), and rows dated 2099-12-31 and 1900-01-01. Each must end with its clear
 * reject, and nothing garbled or implausible may reach the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphStore } from "../../server/store/types.js";
import { type ApiClient, startTestServer, type TestServer } from "../api/harness.js";
import { encode, HEADER, IVANOV, mixedRegister, PETROV, row, uploadAndWait } from "./hostile.fixtures.js";

interface Hit {
  id: string;
  type: string;
  key: string;
  label: string;
}

async function holderNames(c: ApiClient, iin: string): Promise<string[]> {
  const r = await c.get<{ hits: Hit[] }>(`/api/search?q=${iin}`);
  expect(r.status).toBe(200);
  return r.body.hits.filter((h) => h.type === "person").map((h) => h.label);
}

export function ingestProbes(storeName: string, openStore?: (dataDir: string) => Promise<GraphStore>): void {
  describe(`hostile input on the ${storeName} store`, () => {
    let t: TestServer;
    let analyst: ApiClient;
    beforeAll(async () => {
      t = await startTestServer(openStore ? { openStore } : {});
      analyst = await t.as("analyst");
    });
    afterAll(() => t.close());

    it("rejects the one Windows-1251 row of a UTF-8 upload with its line, and stores no garbled name", async () => {
      const lines = [
        HEADER,
        row("E-1", "05.03.2024 10:00:00", IVANOV),
        row("E-2", "05.03.2024 11:00:00", PETROV),
        row("E-3", "05.03.2024 12:00:00", IVANOV, "20 000,00"),
      ];
      const job = await uploadAndWait(analyst, "mixed.csv", mixedRegister(lines, 3, "utf8", "win1251"));
      expect(job.status).toBe("done");
      const f = job.summary!.files[0]!;
      expect(f.encoding).toBe("utf8");
      expect(f.accepted).toBe(2);
      expect(f.rejects).toEqual([{ line: 3, reason: expect.stringMatching(/not UTF-8.*Windows-1251/) }]);
      expect(await holderNames(analyst, IVANOV.iin)).toEqual([IVANOV.name]);
      expect(await holderNames(analyst, PETROV.iin)).toEqual([]);
    });

    it("rejects the one UTF-8 row of a Windows-1251 upload instead of storing it as mojibake", async () => {
      const lines = [
        HEADER,
        row("W-1", "06.03.2024 10:00:00", PETROV),
        row("W-2", "06.03.2024 11:00:00", PETROV, "5 000,00"),
        row("W-3", "06.03.2024 12:00:00", IVANOV, "7 000,00"),
        row("W-4", "06.03.2024 13:00:00", PETROV, "6 000,00"),
      ];
      const job = await uploadAndWait(analyst, "mixed-1251.csv", mixedRegister(lines, 4, "win1251", "utf8"));
      expect(job.status).toBe("done");
      const f = job.summary!.files[0]!;
      expect(f.encoding).toBe("cp1251");
      expect(f.rejects).toEqual([
        { line: 4, reason: expect.stringMatching(/written in UTF-8.*Windows-1251/) },
      ]);
      expect(f.accepted).toBe(3);
      expect(await holderNames(analyst, PETROV.iin)).toEqual([PETROV.name]);
    });

    it("rejects rows dated 2099-12-31 and 1900-01-01 with the reason, keeping them out of the case's time range", async () => {
      const before = await analyst.get<{ firstTransferAt: number | null; lastTransferAt: number | null }>(
        "/api/stats",
      );
      const lines = [
        HEADER,
        row("T-1", "07.03.2024 10:00:00", IVANOV, "1 000,00"),
        row("T-2", "31.12.2099 10:00:00", IVANOV, "2 000,00"),
        row("T-3", "01.01.1900 10:00:00", IVANOV, "3 000,00"),
        row("T-4", "08.03.2024 10:00:00", IVANOV, "4 000,00"),
      ];
      const job = await uploadAndWait(analyst, "dates.csv", encode(lines, "utf8"));
      expect(job.status).toBe("done");
      const f = job.summary!.files[0]!;
      expect(f.accepted).toBe(2);
      expect(f.rejects).toEqual([
        {
          line: 3,
          reason: expect.stringMatching(/"31\.12\.2099 10:00:00" is after .* latest plausible time/),
        },
        { line: 4, reason: expect.stringMatching(/"01\.01\.1900 10:00:00" is before 1990-01-01/) },
      ]);
      expect(f.timeRange).toEqual({ first: "2024-03-07T05:00:00.000Z", last: "2024-03-08T05:00:00.000Z" });
      const after = await analyst.get<{ firstTransferAt: number; lastTransferAt: number }>("/api/stats");
      const lo = Math.min(before.body.firstTransferAt ?? Infinity, Date.parse("2024-03-07T05:00:00Z"));
      const hi = Math.max(before.body.lastTransferAt ?? -Infinity, Date.parse("2024-03-08T05:00:00Z"));
      expect([after.body.firstTransferAt, after.body.lastTransferAt]).toEqual([lo, hi]);
    });
  });
}
