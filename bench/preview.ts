/**
 * npm run bench:preview -- [--users 10000] [--repeats 3]
 *
 * `npm run preview` over N generated Graph users (deterministic; every property the mappings read,
 * on-premises extension attributes, managers, multi-valued proxy addresses) for a merge-mode app
 * over the generic SCIM template (test/fixtures/schemas/users-first.json) with expression
 * mappings (Replace with a regex, Join, NormalizeDiacritics, Switch, ToLower, FormatDateTime),
 * assignments through two groups, a REGEX MATCH scoping filter and a connector clause.
 *
 * Measured: the CLI as a child process (tsx start-up included, as a user runs it), table and
 * --json, with and without --base; and in-process, the evaluation alone. Median of the repeats.
 * Not a timed test: the numbers are recorded in bench/README.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { applyDeclarations, fromTemplate } from "../cli/preview/effective";
import { readGroups, readTemplate, readUsers } from "../cli/preview/input";
import { previewUsers } from "../cli/preview/run";
import { MANIFEST_FILE, ManifestSchema, type AppManifest } from "../manifest/schema";

const root = join(__dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

const FIRST = ["Ada", "Zoë", "José", "Łukasz", "Søren", "Ægir", "Renée", "Björn", "Ana María", "Jürgen"];
const LAST = ["Lovelace", "Núñez", "Öztürk", "Dvořák", "Ørsted", "O'Brien", "Smith-Jones", "Çelik", "Kowalski", "Żak"];
const DEPARTMENTS = ["Sales", "Engineering", "Finance", "Support", "Legal"];

function users(n: number): unknown {
  const value = [];
  for (let i = 0; i < n; i++) {
    const given = FIRST[i % FIRST.length];
    const surname = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const domain = i % 50 === 0 ? "fabrikam.com" : "contoso.com";
    const alias = `${given}.${surname}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
    value.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      userPrincipalName: `${alias}@${domain}`,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      mail: i % 17 === 0 ? null : `${alias}@${domain}`,
      accountEnabled: i % 23 !== 0,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      jobTitle: i % 7 === 0 ? null : "Engineer",
      employeeId: String(1000000 + i),
      businessPhones: [`+1 (425) 555-${String(i % 10000).padStart(4, "0")}`],
      mobilePhone: `+1 425 555 ${String(i % 10000).padStart(4, "0")}`,
      proxyAddresses: [`SMTP:${alias}@${domain}`, `smtp:${alias}@legacy.${domain}`],
      onPremisesExtensionAttributes: { extensionAttribute1: `CC-${i % 100}`, extensionAttribute2: `20${String(10 + (i % 14)).padStart(2, "0")}0123105347.0Z` },
      manager: i > 0 ? { id: `00000000-0000-4000-8000-${String(Math.floor(i / 10)).padStart(12, "0")}` } : null,
    });
  }
  return { value };
}

function groups(n: number): unknown {
  const ids = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => ({ id: `00000000-0000-4000-8000-${String(from + k).padStart(12, "0")}` }));
  return { value: [{ id: "g-staff", displayName: "Staff", members: ids(0, Math.floor(n * 0.8)) }, { id: "g-contractors", displayName: "Contractors", members: ids(Math.floor(n * 0.8), n) }] };
}

function app(variant: "base" | "head"): AppManifest {
  return {
    id: "hr",
    displayName: "HR portal",
    connector: { key: "genericScim", galleryName: "Generic SCIM" },
    tenantUrl: "https://hr.example.com/scim",
    tokenVariable: "hr_secret_token",
    tokenEnv: "TF_VAR_hr_secret_token",
    objects: ["users"],
    scope: "assignedOnly",
    provisioning: "on",
    notifications: null,
    accidentalDeletions: null,
    assignments: [
      { principalType: "group", principal: "Staff", role: "User" },
      { principalType: "group", principal: "Contractors", role: "Guest" },
    ],
    mappingMode: "merge",
    schemaDeclared: true,
    users: {
      matchingAttribute: null,
      mappings: [
        {
          target: "userName",
          source: variant === "base" ? "[userPrincipalName]" : 'ToLower(Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "@contoso.net", , ))',
          apply: "always",
        },
        { target: "displayName", source: 'NormalizeDiacritics(Join(" ", [givenName], [surname]))', apply: "always" },
        { target: "title", source: "[jobTitle]", defaultValue: "Employee", apply: "always" },
        { target: 'phoneNumbers[type eq "work"].value', source: 'Replace([telephoneNumber], , "[()\\\\s-]+", , "", , )', apply: "always" },
        { target: "externalId", source: 'Join("-", [extensionAttribute1], [employeeId])', apply: "always" },
        { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", source: 'Switch([department], "Other", "Sales", "S", "Engineering", "E", "Finance", "F")', apply: "always" },
        { target: "urn:x:hired", source: 'FormatDateTime([extensionAttribute2], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', apply: "onCreateOnly" },
      ],
      removed: [],
      scope: [{ name: "Employees", all: [{ attribute: "userPrincipalName", operator: "REGEX MATCH", values: [variant === "base" ? "@contoso\\.com$" : "@(contoso|fabrikam)\\.com$"] }] }],
      removedScope: [],
      targetAttributes: [],
      requiredClauses: [{ attribute: "employeeId", operator: "IS NOT NULL", values: [] }],
    },
    groups: null,
    onDemand: null,
    limitations: [],
    warnings: [],
    terraform: {},
  };
}

function out(variant: "base" | "head"): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-preview-${variant}-`));
  const manifest = ManifestSchema.parse({ version: 1, stack: "prod", tenantId: "contoso.onmicrosoft.com", environment: "global", apps: [app(variant)] });
  mkdirSync(join(dir, "stacks", "prod"), { recursive: true });
  writeFileSync(join(dir, "stacks", "prod", MANIFEST_FILE), JSON.stringify(manifest));
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface CliSample {
  /** Wall time, ms. */
  readonly ms: number;
  /** CPU time (user + system) of the process tree, ms: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly bytes: number;
}

/** The CLI as a user runs it, under /usr/bin/time for its CPU time and peak memory. */
function timeCli(args: string[], repeats: number): CliSample {
  const samples: CliSample[] = [];
  const work = mkdtempSync(join(tmpdir(), "bench-preview-run-"));
  for (let r = 0; r < repeats; r++) {
    const timing = join(work, `time-${r}.txt`);
    const start = process.hrtime.bigint();
    const stdout = execFileSync("/usr/bin/time", ["-f", "%U %S %M", "-o", timing, tsx, join(root, "cli", "preview.ts"), ...args], { cwd: root, maxBuffer: 1024 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const [user, sys, rssKb] = readFileSync(timing, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    samples.push({ ms, cpuMs: (user + sys) * 1000, maxRssMb: rssKb / 1024, bytes: stdout.length });
  }
  const pick = (f: (s: CliSample) => number) => Math.round(median(samples.map(f)));
  return { ms: pick((s) => s.ms), cpuMs: pick((s) => s.cpuMs), maxRssMb: pick((s) => s.maxRssMb), bytes: samples[0].bytes };
}

function main(): void {
  const { values } = parseArgs({ options: { users: { type: "string", default: "10000" }, repeats: { type: "string", default: "3" } } });
  const n = Number(values.users);
  const repeats = Number(values.repeats);
  const work = mkdtempSync(join(tmpdir(), "bench-preview-"));
  const usersFile = join(work, "users.json");
  const groupsFile = join(work, "groups.json");
  writeFileSync(usersFile, JSON.stringify(users(n)));
  writeFileSync(groupsFile, JSON.stringify(groups(n)));
  const template = join(root, "test", "fixtures", "schemas", "users-first.json");
  const head = out("head");
  const base = out("base");
  const common = ["--app", "hr", "--users", usersFile, "--groups", groupsFile, "--template", template, "--out", head];

  // In-process: the evaluation alone (files already read).
  const inputs = { users: readUsers(usersFile), groups: readGroups(groupsFile), now: new Date() };
  const mapping = applyDeclarations(app("head"), "users", fromTemplate(readTemplate(template), "users"));
  const evalTimes: number[] = [];
  let inScope = 0;
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    inScope = previewUsers(app("head"), mapping, inputs).filter((u) => u.inScope).length;
    evalTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  const rows: Array<[string, CliSample]> = [
    ["table", timeCli(common, repeats)],
    ["--json", timeCli([...common, "--json"], repeats)],
    ["--base, table", timeCli([...common, "--base", base], repeats)],
    ["--base --json", timeCli([...common, "--base", base, "--json"], repeats)],
  ];
  const size = readFileSync(usersFile).length;
  console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
  console.log(`${n} users (${(size / 1024 / 1024).toFixed(1)} MB users file), ${inScope} in scope; median of ${repeats}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`evaluation alone (in-process: assignment, scope and 17 mappings per user): ${Math.round(median(evalTimes))} ms`);
  console.log("| npm run preview | wall ms | CPU ms (user+sys) | peak RSS MB | output MB |");
  console.log("|---|---|---|---|---|");
  for (const [name, r] of rows) console.log(`| ${name} | ${r.ms} | ${r.cpuMs} | ${Math.round(r.maxRssMb)} | ${(r.bytes / 1024 / 1024).toFixed(1)} |`);
}

main();
