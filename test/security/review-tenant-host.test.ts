/**
 * A hostile pull request against the reviewer's eyes: a tenant URL whose host, as written, reads
 * as the vendor's but is another host once parsed (a percent-encoded dot, a Cyrillic "е", a second
 * "@" in the user information). verify --trust-base skips such an app, but the token goes there
 * on deploy once the change is merged, so the review must show the host the URL really names.
 */
import MarkdownIt from "markdown-it";
import { diffManifests, renderDiff } from "../../cli/review/diff";
import { settingsInWords, text } from "../../cli/review/words";
import { SMARTFILE, clone, manifest } from "../review/manifests";

const md = new MarkdownIt({ html: true });

function withUrl(tenantUrl: string) {
  const app = clone(SMARTFILE);
  app.tenantUrl = tenantUrl;
  return app;
}

const tenantUrlRow = (tenantUrl: string) => new Map(settingsInWords(withUrl(tenantUrl))).get("Tenant URL")!;

describe("review: the host a tenant URL really names", () => {
  test.each([
    ["a percent-encoded dot", "https://demo1test.smartfile.com%2eevil.example/ftp/scim", "demo1test.smartfile.com.evil.example"],
    ["a Cyrillic letter (IDN homograph)", "https://demo1test.smartfil\u0435.com/ftp/scim", "demo1test.xn--smartfil-j8g.com"],
    ["a fullwidth letter", "https://demo1test.smartfile.\uff43om/ftp/scim", "demo1test.smartfile.com"],
    ["a second @ in the user information", "https://a@demo1test.smartfile.com@evil.example/ftp/scim", "evil.example"],
  ])("%s: the diff names the parsed host", (_, hostile, host) => {
    const changes = diffManifests([manifest([SMARTFILE])], [manifest([withUrl(hostile)])]);
    const html = md.render(renderDiff(changes));
    expect(html).toContain(`(host <code>${host}</code>)`);
    expect(tenantUrlRow(hostile)).toContain(`(host \`${host}\`)`);
  });

  test("a URL whose host reads as it is parsed gets no note (case and a default port aside)", () => {
    expect(tenantUrlRow("https://demo1test.smartfile.com/ftp/scim")).toBe("`https://demo1test.smartfile.com/ftp/scim`");
    expect(tenantUrlRow("https://Demo1Test.SmartFile.com/ftp/scim")).toBe("`https://Demo1Test.SmartFile.com/ftp/scim`");
    expect(tenantUrlRow("https://[::1]:8443/scim")).toBe(text("https://[::1]:8443/scim"));
    expect(tenantUrlRow("https://demo1test.smartfile.com:443/ftp/scim")).toBe("`https://demo1test.smartfile.com:443/ftp/scim` (host `demo1test.smartfile.com`)");
  });
});
