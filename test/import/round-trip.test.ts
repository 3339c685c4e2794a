/**
 * Round trip, with a real terraform: for each fixture pair (a template schema from
 * test/fixtures/schemas, a job edited from it in test/fixtures/import, sources in their READMEs):
 * import (offline) -> the generated declarations -> the merge expression synth emits, evaluated
 * over the TEMPLATE schema -> equals the job's schema (ignoring what Graph owns, see normalized());
 * evaluated over the JOB schema -> the job unchanged (a second deploy changes nothing); and a
 * second import of the result declares exactly the same.
 */
import { buildImport } from "../../cli/import/build";
import { parseSchemaValue } from "../../cli/import/schema-files";
import { describeWithTerraform, SchemaEvaluator } from "../support/terraform-eval";
import { importOffline, jobFixture, normalized, schemaFixture, synthImported } from "./support";

const PAIRS: ReadonlyArray<{ job: string; template: string }> = [
  { job: "salesforce", template: "microsoft-doc-salesforce" },
  { job: "every-operator", template: "users-first" },
  { job: "nested-expressions", template: "users-first" },
  { job: "removed-defaults", template: "users-first" },
  { job: "groups-first", template: "groups-first" },
  { job: "two-rules", template: "two-rules" },
];

describeWithTerraform("import round trip (real terraform)", () => {
  const tf = new SchemaEvaluator();

  describe.each(PAIRS)("$job over $template", ({ job: jobName, template: templateName }) => {
    const template = schemaFixture(templateName);
    const job = jobFixture(jobName);
    const app = importOffline(template, job, { displayName: "Imported" });
    const stackJson = synthImported(app);
    const overTemplate = tf.evaluate(stackJson, app.appId, template);
    // After the first deploy the live schema is the job's; the template is still the template.
    const overJob = tf.evaluate(stackJson, app.appId, job, template);

    test("everything the job changes is declared (nothing reported as not importable)", () => {
      expect(app.notImported).toEqual([]);
      const d = app.declarations;
      expect(d.userMappings.length + d.groupMappings.length + d.userScope.length + d.groupScope.length + (d.provisionGroups === false ? 1 : 0)).toBeGreaterThan(0);
    });

    test("the merge over the template gives the job's schema", () => {
      expect(overTemplate.problems).toEqual([]);
      expect(normalized(overTemplate.rules)).toEqual(normalized(job));
    });

    test("the merge over the job's schema leaves it unchanged (a second deploy writes the same)", () => {
      expect(normalized(overJob.rules)).toEqual(normalized(job));
      // Over its own output the merge is exactly idempotent.
      expect(tf.evaluate(stackJson, app.appId, overTemplate.rules, template).rules).toEqual(overTemplate.rules);
    });

    test("a plan over the job's schema passes its precondition (removals already carried out are satisfied)", () => {
      expect(overJob.problems).toEqual([]);
    });

    test("a second import of the result declares the same: no change", () => {
      const again = buildImport({
        tenantId: "contoso.onmicrosoft.com",
        displayName: "Imported",
        connectorKey: "genericScim",
        tenantUrl: "https://scim.example.com/scim",
        template: parseSchemaValue(template, "template"),
        job: parseSchemaValue(overTemplate.rules, "result"),
        source: "test",
      });
      expect(again.declarations).toEqual(app.declarations);
      expect(again.notImported).toEqual([]);
    });
  });
});
