/**
 * Walks a command's arguments as flags: `--name value` and `--name=value` alike. Each step gives the argument, its
 * flag part and `value()`, which takes the flag's value (the inline one, or the next argument) and throws a
 * UsageError naming the command and flag when there is none.
 */
import { UsageError } from "./context.js";

export interface FlagArg {
  /** The argument as given. */
  arg: string;
  /** The flag without an inline `=value` (the argument itself when it has none). */
  flag: string;
  /** The flag's value; consumes the next argument unless the value was inline. */
  value(): string;
}

export function* flagArgs(command: string, args: readonly string[]): Generator<FlagArg> {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const [flag, inline] =
      arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) {
        throw new UsageError(`${command}: ${flag} needs a value`);
      }
      return v;
    };
    yield { arg, flag, value };
  }
}
