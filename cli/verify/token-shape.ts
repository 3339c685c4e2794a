/**
 * The token shape a connector documents (its `tokenFormat`: SmartFile's is ProductKey:ProductPassword),
 * checked before any request so a mistyped token fails the app with what is wrong, and the app gets
 * no request with it. The pattern and its description are the connector module's own: deploy's
 * Terraform variable validation and verify cannot disagree.
 *
 * Only SmartFile documents a token shape; the other connectors (and genericScim) document none.
 * The constant comes from the connector's own module, which loads no cdktf.
 */
import { SMARTFILE_TOKEN_FORMAT } from "../../constructs/connectors/smartfile";
import type { Connector } from "../../constructs/connectors/types";

export type TokenFormat = NonNullable<Connector["tokenFormat"]>;

/** Each connector's documented token format by catalog key (tested against every connector in Connectors). */
const FORMATS: Readonly<Record<string, TokenFormat | undefined>> = {
  airstack: undefined,
  iprova: undefined,
  ipassSmartConnect: undefined,
  smartFile: SMARTFILE_TOKEN_FORMAT,
  genericScim: undefined,
};

/** The documented token format of a connector key; undefined when the connector documents none (or the key is unknown). */
export function tokenFormatOf(connectorKey: string): TokenFormat | undefined {
  return Object.prototype.hasOwnProperty.call(FORMATS, connectorKey) ? FORMATS[connectorKey] : undefined;
}

/**
 * Why `token` does not have the documented shape, in words that describe the value without
 * showing any of it (whitespace, colons, empty parts); undefined when it matches.
 */
export function tokenShapeProblem(token: string, format: TokenFormat): string | undefined {
  // The pattern is RE2 (Terraform's regex()); the connectors' patterns use the syntax RE2 and
  // JavaScript share. JavaScript's \s also matches Unicode spaces, so verify is the stricter of the two.
  if (new RegExp(format.pattern).test(token)) return undefined;
  const observed: string[] = [];
  if (/^\s|\s$/.test(token)) observed.push("it starts or ends with whitespace (a line break copied with it?)");
  else if (/\s/.test(token)) observed.push("it contains whitespace");
  const colons = token.split(":").length - 1;
  if (format.pattern.includes(":")) {
    if (colons === 0) observed.push("it has no colon");
    else if (colons > 1) observed.push(`it has ${colons} colons`);
    else if (/^:|:$/.test(token.trim())) observed.push("one side of its colon is empty");
  }
  return `does not have the documented shape ${format.description}${observed.length > 0 ? `: ${observed.join(", ")}` : ""}`;
}
