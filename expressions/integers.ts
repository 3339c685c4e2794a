const INTEGER = /^\s*[+-]?\d+\s*$/;
const HEX = /^\s*&[hH]([0-9A-Fa-f]+)\s*$/;

/** A whole number from text (decimal, or VBA's &H hexadecimal), as a BigInt; undefined when it is none. */
export function parseInteger(text: string): bigint | undefined {
  const hex = HEX.exec(text);
  if (hex) return BigInt(`0x${hex[1]}`);
  if (INTEGER.test(text)) return BigInt(text.trim());
  return undefined;
}
