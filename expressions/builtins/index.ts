/** Every function of the catalogue (../functions.ts) with its implementation. */
import type { Builtin } from "./call";
import { DATE_FUNCTIONS } from "./dates";
import { LOGIC_FUNCTIONS } from "./logic";
import { ROLE_FUNCTIONS } from "./roles";
import { TEXT_FUNCTIONS } from "./text";

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(Object.entries({ ...TEXT_FUNCTIONS, ...LOGIC_FUNCTIONS, ...DATE_FUNCTIONS, ...ROLE_FUNCTIONS }));
