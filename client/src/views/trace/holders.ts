/**
 * Who and where the trace's accounts are: the bank's name for a BIC (the National Bank of Kazakhstan's register of
 * second-tier banks; an unknown BIC is shown as it is) and each account's holder and role as the store has them
 * (one induced-subgraph request per 200 accounts).
 */
import { api } from "../../api";
import type { GraphNode } from "../../../../model/graph";

/** BIC → bank name, for the banks of Kazakhstan (and the Treasury) an export is likely to name. */
const BANKS: Readonly<Record<string, string>> = {
  CASPKZKA: "Kaspi Bank",
  HSBKKZKX: "Halyk Bank",
  TSESKZKA: "Jusan Bank",
  KSNVKZKA: "Freedom Bank Kazakhstan",
  KCJBKZKX: "Bank CenterCredit",
  IRTYKZKA: "ForteBank",
  EURIKZKA: "Eurasian Bank",
  SABRKZKA: "Bereke Bank",
  INLMKZKA: "Home Credit Bank",
  KINCKZKA: "Bank RBK",
  HCSKKZKA: "Otbasy Bank",
  NURSKZKX: "Nurbank",
  ATYNKZKA: "Altyn Bank",
  SHBKKZKA: "Shinhan Bank Kazakhstan",
  CITIKZKA: "Citibank Kazakhstan",
  VTBAKZKZ: "VTB Bank (Kazakhstan)",
  BKCHKZKA: "Bank of China Kazakhstan",
  ICBKKZKX: "ICBC (Almaty)",
  KKMFKZ2A: "Комитет казначейства МФ РК",
};

/** "Kaspi Bank (CASPKZKA)"; a bank given by name, or an unknown BIC, as it is. */
export function bankName(bank: string | undefined): string {
  if (!bank) return "";
  const name = BANKS[bank.toUpperCase()];
  return name ? `${name} (${bank})` : bank;
}

/** The store's nodes of these accounts (holder name as label, role), by account key. Missing ones are left out. */
export async function accountNodes(keys: string[]): Promise<Map<string, GraphNode>> {
  const out = new Map<string, GraphNode>();
  const ids = [...new Set(keys)].map((k) => `account:${k}`);
  for (let i = 0; i < ids.length; i += 200) {
    try {
      const sub = await api.neighbourhood(ids.slice(i, i + 200), { depth: 0, nodeCap: 200 });
      for (const n of sub.nodes) if (n.type === "account") out.set(n.key, n);
    } catch {
      // Unknown accounts (404) or a role without graph access: the list shows keys only.
    }
  }
  return out;
}
