/**
 * A string computed at synth, like cdktf's `Lazy.stringValue`, without the stack trace cdktf
 * captures for every Lazy (an unlimited-depth trace, mapped through source maps under tsx): with
 * ten of them per app that capture was a measurable share of a thousand-app synth (bench/README.md).
 * The trace only serves cdktf's error messages for tokens that fail to resolve; ours produce plain
 * strings from values the constructor already checked.
 */
import { type IResolvable, Token } from "cdktf";

export function lazyString(produce: () => string): string {
  const resolvable: IResolvable = {
    creationStack: [],
    resolve: () => produce(),
    // cdktf caches the token string per object, so this is the same token every time.
    toString: () => Token.asString(resolvable),
  };
  return Token.asString(resolvable);
}
