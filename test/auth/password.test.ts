import { describe, expect, it } from "vitest";
import { hashPassword, PasswordHashFormatError, verifyPassword } from "../../server/auth/password.js";

// A cheap cost keeps the suite fast; the default cost is exercised by the API tests' logins.
const CHEAP = { logN: 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("verifies the password it hashed and refuses any other", async () => {
    const stored = await hashPassword("correct horse battery", CHEAP);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash, so one password never gives the same hash twice", async () => {
    const a = await hashPassword("same password here", CHEAP);
    const b = await hashPassword("same password here", CHEAP);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
  });

  it("records the scrypt cost in the hash, defaulting to N=2^15 r=8 p=3", async () => {
    const stored = await hashPassword("a default cost password");
    expect(stored.split("$").slice(0, 4)).toEqual(["scrypt", "15", "8", "3"]);
    expect(await verifyPassword("a default cost password", stored)).toBe(true);
  });

  it("treats canonically equivalent Unicode spellings as the same password", async () => {
    const stored = await hashPassword("Қазақстан-пароль", CHEAP);
    expect(await verifyPassword("Қазақстан-пароль".normalize("NFD"), stored)).toBe(true);
  });

  it.each([["plain"], ["scrypt$15$8$3$salt"], ["bcrypt$15$8$3$a$b"], ["scrypt$99$8$3$a$b"]])(
    "rejects the malformed stored hash %s with PasswordHashFormatError",
    async (bad) => {
      await expect(verifyPassword("whatever", bad)).rejects.toBeInstanceOf(PasswordHashFormatError);
    },
  );
});
