/**
 * Reads an HTTP response body as text, at most `maxBytes` of it: a server (a SCIM app for verify,
 * Graph for import) decides how much it sends, and a client that buffers whatever comes can be
 * made to exhaust its memory. Past the cap the body is destroyed and `tooLarge()` is thrown.
 */
export async function readBoundedText(body: AsyncIterable<Buffer> & { destroy(): unknown }, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
