/** What a function implementation sees of its call. */
import type { Expression } from "../parser";
import type { SourceRecord } from "../types";
import type { Val } from "../values";

export interface EvalContext {
  readonly source: SourceRecord;
  /** Now(), and the current date a time-only FormatDateTime input falls on (ms since the epoch). */
  readonly now: number;
  readonly random: () => number;
  readonly isUnique?: (value: string) => boolean;
}

/** IgnoreFlowIfNullOrEmpty's verdict: drop the attribute from the flow (no default value either). */
export const IGNORE_FLOW: unique symbol = Symbol("IgnoreFlowIfNullOrEmpty");
export type Flow = Val | typeof IGNORE_FLOW;

export interface Call {
  readonly name: string;
  /** Arguments written, omitted ones included. */
  readonly count: number;
  readonly ctx: EvalContext;
  /** Whether argument i is written (not omitted). */
  given(i: number): boolean;
  /** Argument i evaluated (null when omitted); evaluated only when asked for. */
  value(i: number): Val;
  /** Argument i as written. */
  node(i: number): Expression | null;
  /** "Name: argument i+1", for messages. */
  where(i: number): string;
}

export type Builtin = (call: Call) => Flow;
