/**
 * Round trip, with a real terraform: for each fixture pair (a template schema from
 * test/fixtures/schemas, a job edited from it in test/fixtures/import, sources in their READMEs):
 * import (offline) -> the generated declarations -> the merge expression synth emits, evaluated
 * over the TEMPLATE schema -> equals the job's schema (ignoring what Graph owns, see normalized());
 * evaluated over the JOB schema -> the job unchanged (a second deploy changes nothing); and a
 * second import of the result declares exactly the same.
 */
import { buildImport } from "../../cli/import/build";
import { generateFile } from "../../cli/import/codegen";
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

describeWithTerraform("import round trip of attribute definitions (real terraform)", () => {
  const tf = new SchemaEvaluator();
  const BADGE = "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge";
  const templateRules = schemaFixture("users-first");
  const templateDirectories = schemaFixture("directories-customappsso");
  // The portal's "Edit attribute list": a new attribute (as Graph stores it, every field filled), a
  // changed one; and a mapping to the new attribute.
  const jobDirectories = JSON.parse(JSON.stringify(templateDirectories));
  const scimUser = jobDirectories.find((d: any) => d.name === "customappsso").objects.find((o: any) => o.name === "User");
  scimUser.attributes.push({ ...scimUser.attributes.find((a: any) => a.name === "title"), name: BADGE, type: "Integer" });
  scimUser.attributes.find((a: any) => a.name === "title").required = true;
  const jobRules = JSON.parse(JSON.stringify(templateRules));
  const users = jobRules[0].objectMappings.find((om: any) => om.sourceObjectName === "User");
  users.attributeMappings.push({ ...users.attributeMappings.find((m: any) => m.targetAttributeName === "title"), targetAttributeName: BADGE, source: { expression: "[employeeId]", name: "employeeId", parameters: [], type: "Attribute" } });

  const app = importOffline({ synchronizationRules: templateRules, directories: templateDirectories }, { synchronizationRules: jobRules, directories: jobDirectories }, { displayName: "Imported" });
  const result = tf.evaluate(synthImported(app), app.appId, templateRules, templateRules, templateDirectories);

  /** An object's attributes by name, each with Graph's defaults for the fields a declaration leaves to Graph. */
  const attributesOf = (directories: any[]) => {
    const defaults = { anchor: false, caseExact: false, defaultValue: null, flowNullValues: false, metadata: [], multivalued: false, mutability: "ReadWrite", referencedObjects: [], required: false, type: "String" };
    const object = directories.find((d) => d.name === "customappsso").objects.find((o: any) => o.name === "User");
    return Object.fromEntries(object.attributes.map((a: any) => [a.name, { ...defaults, ...a }]));
  };

  test("the added and the changed attribute are declared by name, with only the fields that differ; nothing is reported", () => {
    expect(app.notImported).toEqual([]);
    expect(app.declarations.targetAttributes).toEqual({ users: [{ name: "title", required: true }, { name: BADGE, type: "Integer" }], groups: [] });
    expect(app.declarations.userMappings).toEqual([{ target: BADGE, source: "[employeeId]" }]);
  });

  test("the generated file declares them as the targetAttributes prop", () => {
    const file = generateFile(app, "../constructs");
    expect(file).toContain(
      ["    targetAttributes: {", "      users: [", '        { name: "title", required: true },', `        { name: ${JSON.stringify(BADGE)}, type: "Integer" },`, "      ],", "    },"].join("\n"),
    );
  });

  test("the merge over the template's directories gives the job's attribute list", () => {
    expect(result.problems).toEqual([]);
    expect(attributesOf(result.directories as any[])).toEqual(attributesOf(jobDirectories));
  });

  test("a second import of the result declares the same", () => {
    const again = importOffline(
      { synchronizationRules: templateRules, directories: templateDirectories },
      { synchronizationRules: result.rules, directories: result.directories },
      { displayName: "Imported" },
    );
    expect(again.declarations).toEqual(app.declarations);
    expect(again.notImported).toEqual([]);
  });

  test("what a declaration cannot carry is reported by name: another directory, a removed attribute, a field besides type, multivalued and required", () => {
    const odd = JSON.parse(JSON.stringify(templateDirectories));
    const aad = odd.find((d: any) => d.name === "Azure Active Directory").objects.find((o: any) => o.name === "User");
    aad.attributes.push({ ...aad.attributes[1], name: "extension_0123456789abcdef0123456789abcdef_badge" });
    const scim = odd.find((d: any) => d.name === "customappsso").objects.find((o: any) => o.name === "User");
    scim.attributes = scim.attributes.filter((a: any) => a.name !== "title");
    scim.attributes.find((a: any) => a.name === "displayName").caseExact = true;
    const imported = importOffline({ synchronizationRules: templateRules, directories: templateDirectories }, { synchronizationRules: templateRules, directories: odd });
    expect(imported.notImported).toEqual([
      'directory "Azure Active Directory" object "User" attribute "extension_0123456789abcdef0123456789abcdef_badge" is in the job but not in the template; only the attributes of the objects the User and Group mappings write to can be declared',
      'targetAttributes.users: directory "customappsso" object "User" attribute "displayName": caseExact true cannot be declared; deploy keeps false',
      'directory "customappsso" object "User" attribute "title" of the template is not in the job; attribute lists cannot shrink by declarations (remove it in the portal\'s attribute list)',
    ]);
    expect(imported.declarations.targetAttributes).toEqual({ users: [], groups: [] });
  });
});

describeWithTerraform("import declares only the fields a job changes (real terraform)", () => {
  const tf = new SchemaEvaluator();
  const template = schemaFixture("users-first");
  const edited = (edit: (users: any) => void) => {
    const job = JSON.parse(JSON.stringify(template));
    edit(job[0].objectMappings.find((om: any) => om.sourceObjectName === "User"));
    return job;
  };
  const mapping = (users: any, target: string) => users.attributeMappings.find((m: any) => m.targetAttributeName === target);

  test.each([
    [
      "the UPN rewritten in userName: its source alone",
      edited((u) => {
        mapping(u, "userName").source = {
          expression: "ToLower([userPrincipalName], )",
          name: "ToLower",
          parameters: [{ key: "source", value: { expression: "[userPrincipalName]", name: "userPrincipalName", parameters: [], type: "Attribute" } }],
          type: "Function",
        };
      }),
      [{ target: "userName", source: "ToLower([userPrincipalName])" }],
    ],
    [
      "matching moved from userName to externalId: matching: false and a precedence",
      edited((u) => {
        mapping(u, "userName").matchingPriority = 0;
        mapping(u, "externalId").matchingPriority = 1;
      }),
      [{ target: "externalId", matching: 1 }, { target: "userName", matching: false }],
    ],
    ["apply mode alone", edited((u) => (mapping(u, "title").flowType = "ObjectAddOnly")), [{ target: "title", apply: "onCreateOnly" }]],
    ["a default value alone", edited((u) => (mapping(u, "title").defaultValue = "Employee")), [{ target: "title", defaultValue: "Employee" }]],
  ])("%s", (_name, job, declared) => {
    const app = importOffline(template, job);
    expect(app.notImported).toEqual([]);
    expect(app.declarations.userMappings).toEqual(declared);
    const overTemplate = tf.evaluate(synthImported(app), app.appId, template);
    expect(overTemplate.problems).toEqual([]);
    expect(normalized(overTemplate.rules)).toEqual(normalized(job));
  });

  test("a removed source or default value cannot be declared: reported, and the mapping stays as the template has it", () => {
    const withDefault = edited((u) => (mapping(u, "title").defaultValue = "Employee"));
    const removed = JSON.parse(JSON.stringify(withDefault));
    mapping(removed[0].objectMappings[0], "title").defaultValue = null;
    mapping(removed[0].objectMappings[0], "displayName").source = null;
    mapping(removed[0].objectMappings[0], "displayName").defaultValue = "Someone";
    const app = importOffline(withDefault, removed);
    expect(app.notImported).toEqual([
      'users: mapping "displayName": its source was removed (only a default value is left), which a declaration cannot do; the mapping is not imported and stays as the template has it',
      'users: mapping "title": its default value "Employee" was removed, which a declaration cannot do; the mapping is not imported and stays as the template has it',
    ]);
    expect(app.declarations.userMappings).toEqual([]);
  });
});
