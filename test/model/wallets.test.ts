import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  base58Decode,
  base58Encode,
  classifyWallet,
  encodeSegwitAddress,
  extractWallets,
  makeBitcoinAddress,
  makeEthereumAddress,
  makeTronAddress,
} from "../../model/wallets.js";

describe("wallet addresses in payment purposes", () => {
  it.each([
    // USDT's TRC-20 contract address, the genesis block's P2PKH address, BIP 13's P2SH example, BIP 173's and
    // BIP 350's bech32 / bech32m examples.
    ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron"],
    ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bitcoin"],
    ["3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bitcoin"],
    ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bitcoin"],
    ["bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bitcoin"],
    ["0x52908400098527886E0F7030069857D2E4169EE7", "ethereum"],
  ])("recognises %s as %s", (address, chain) => {
    expect(classifyWallet(address)?.chain).toBe(chain);
    expect(extractWallets(`Оплата USDT на адрес ${address}, спасибо`).map((w) => w.chain)).toEqual([chain]);
  });

  it.each([
    ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "a TRON address with a broken checksum"],
    ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "a Bitcoin address with a broken checksum"],
    ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "a bech32 address with a broken checksum"],
    ["BC1QW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "mixed-case bech32"],
    ["0x52908400098527886E0F7030069857D2E4169EE", "39 hex digits"],
  ])("ignores %s (%s)", (text) => {
    expect(extractWallets(`перевод ${text} по договору`)).toEqual([]);
  });

  it("matches whole tokens only, not addresses glued to other letters or digits", () => {
    const tron = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    expect(extractWallets(`x${tron}`)).toEqual([]);
    expect(extractWallets(`${tron}9`)).toEqual([]);
    expect(extractWallets(`0x${"ab".repeat(21)}`)).toEqual([]);
    expect(extractWallets(`(${tron})`)).toEqual([{ address: tron, chain: "tron" }]);
  });

  it("finds nothing in ordinary purposes, document numbers and hashes", () => {
    for (const text of [
      "Перевод средств по договору № 15 от 01.03.2024",
      "Оплата по счету 1234567890123456789012345678",
      "REF000000000123456789012345",
      "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "Заработная плата за январь KZ86125KZT5004100100",
    ]) {
      expect(extractWallets(text)).toEqual([]);
    }
  });

  it("lists several addresses once each, in order", () => {
    const t = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    const e = "0x52908400098527886e0f7030069857d2e4169ee7";
    expect(extractWallets(`${t}; ${e}; ${t}`)).toEqual([
      { address: t, chain: "tron" },
      { address: e, chain: "ethereum" },
    ]);
  });

  it("finds every address the makers produce inside arbitrary surrounding text", () => {
    const bytes = fc.uint8Array({ minLength: 20, maxLength: 20 });
    const words = fc.array(fc.constantFrom("Оплата", "USDT", "на", "адрес", "№15", "перевод"), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 4 }), words, words, (b, which, before, after) => {
        const address = [
          makeTronAddress(b),
          makeBitcoinAddress(b),
          makeBitcoinAddress(b, true),
          makeEthereumAddress(b),
          encodeSegwitAddress(0, b),
        ][which]!;
        const found = extractWallets([...before, address, ...after].join(" "));
        expect(found.map((w) => w.address)).toEqual([address]);
      }),
    );
  });

  it("round-trips base58", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        expect(Array.from(base58Decode(base58Encode(b))!)).toEqual(Array.from(b));
      }),
    );
  });
});
