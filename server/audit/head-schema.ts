/**
 * The shape of a signed tree head (heads.ts) as a zod schema, with no Node import: the API's schemas (and through
 * them the web client's types) use it without pulling the signing and file code in.
 */
import { z } from "zod";

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "base64");

export const SignedTreeHeadSchema = z
  .object({
    v: z.literal(1),
    treeSize: z.number().int().nonnegative(),
    rootHash: Hex64,
    timestamp: z.number().int().nonnegative(),
    publicKey: Base64,
    signature: Base64,
  })
  .strict();
