/**
 * The examples Microsoft publishes for its expression functions, as fixtures: expression, input,
 * expected output, and where the example is printed.
 *
 * Pages (MicrosoftDocs/entra-docs, docs/identity/app-provisioning/):
 * - FUNCTIONS: functions-for-customizing-application-data.md at 1241ebe781c2 (ms.date 08/06/2024),
 *   "Reference for writing expressions for attribute mappings in Microsoft Entra ID";
 * - CUSTOMIZE: customize-application-attributes.md at 0596ed5741a1 (ms.date 03/04/2025),
 *   "Provisioning a role to a SCIM app" and "Understanding attribute-mapping properties".
 * Markdown escapes are undone (the page's `\\+` is the expression text `\\+`, a regex `\+`).
 *
 * `note` says where the expected value is not the page's own: a value the page describes in
 * words, computes from an input it does not print, or prints inconsistently (kept visible here
 * rather than silently "fixed").
 */
import type { SourceRecord } from "../../expressions";

export const FUNCTIONS = "functions-for-customizing-application-data.md";
export const CUSTOMIZE = "customize-application-attributes.md";

export interface ReferenceExample {
  readonly expression: string;
  readonly input: SourceRecord;
  /** null: the attribute has no value (not sent). */
  readonly expected: unknown;
  /** Page and section. */
  readonly source: string;
  /** The clock, for Now() and DateDiff. @default 2021-08-25T17:41:18Z */
  readonly now?: string;
  readonly note?: string;
  /** Values that already exist in the target (SelectUniqueValue). */
  readonly taken?: readonly string[];
}

const HIRE = { StatusHireDate: "2012-03-16-07:00" };

export const REFERENCE_EXAMPLES: readonly ReferenceExample[] = [
  { expression: 'Append([userPrincipalName], ".test")', input: { userPrincipalName: "John.Doe@contoso.com" }, expected: "John.Doe@contoso.com.test", source: `${FUNCTIONS} Append` },
  {
    expression: "AppRoleAssignmentsComplex([appRoleAssignments])",
    input: { appRoleAssignments: [{ value: "Admin", displayName: "Admin" }, { value: "User", displayName: "User" }] },
    expected: [
      { primary: false, type: "WindowsAzureActiveDirectoryRole", displayName: "Admin", value: "Admin" },
      { primary: false, type: "WindowsAzureActiveDirectoryRole", displayName: "User", value: "User" },
    ],
    source: `${CUSTOMIZE} AppRoleAssignmentsComplex, Example Request (POST)`,
  },
  {
    expression: "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])",
    input: { appRoleAssignments: [{ value: "User", displayName: "User" }, { value: "Test", displayName: "Test" }] },
    expected: [
      { primary: false, type: "WindowsAzureActiveDirectoryRole", display: "User", value: "User" },
      { primary: false, type: "WindowsAzureActiveDirectoryRole", display: "Test", value: "Test" },
    ],
    source: `${CUSTOMIZE} AssertiveAppRoleAssignmentsComplex, Example Request (POST)`,
  },
  { expression: "BitAnd(&HF, &HF7)", input: {}, expected: 7, source: `${FUNCTIONS} BitAnd` },
  { expression: "CBool([attribute1] = [attribute2])", input: { attribute1: "Sales", attribute2: "Sales" }, expected: true, source: `${FUNCTIONS} CBool`, note: "the page: True if both attributes have the same value" },
  { expression: "CBool([attribute1] = [attribute2])", input: { attribute1: "Sales", attribute2: "sales" }, expected: false, source: `${FUNCTIONS} CBool`, note: "the page's example, attributes differing" },
  { expression: "CDate([StatusHireDate])", input: { StatusHireDate: "2020-03-16-07:00" }, expected: "3/16/2020 7:00:00 AM", source: `${FUNCTIONS} CDate, Example 1` },
  { expression: 'CDate("2021-06-30+08:00")', input: {}, expected: "6/29/2021 4:00:00 PM", source: `${FUNCTIONS} CDate, Example 2` },
  { expression: 'CDate("2009-06-15T01:45:30-07:00")', input: {}, expected: "6/15/2009 8:45:30 AM", source: `${FUNCTIONS} CDate, Example 3` },
  { expression: "Coalesce([mail],[userPrincipalName])", input: { mail: null, userPrincipalName: "John.Doe@contoso.com" }, expected: "John.Doe@contoso.com", source: `${FUNCTIONS} Coalesce` },
  { expression: 'ConvertToBase64("Hello world!")', input: {}, expected: "SABlAGwAbABvACAAdwBvAHIAbABkACEA", source: `${FUNCTIONS} ConvertToBase64` },
  { expression: 'ConvertToUTF8Hex("Hello world!")', input: {}, expected: "48656C6C6F20776F726C6421", source: `${FUNCTIONS} ConvertToUTF8Hex` },
  { expression: "Count([proxyAddresses])", input: { proxyAddresses: ["SMTP:a@contoso.com", "smtp:a@fabrikam.com"] }, expected: 2, source: `${FUNCTIONS} Count`, note: "the page has no example; its description: the number of elements" },
  { expression: "CStr([dn])", input: { dn: "cn=Joe,dc=contoso,dc=com" }, expected: "cn=Joe,dc=contoso,dc=com", source: `${FUNCTIONS} CStr` },
  { expression: 'DateAdd("d", 7, CDate([StatusHireDate]))', input: HIRE, expected: "3/23/2012 7:00:00 AM", source: `${FUNCTIONS} DateAdd, Example 1 (add 7 days)` },
  { expression: 'DateAdd("d", -10, CDate([StatusHireDate]))', input: HIRE, expected: "3/6/2012 7:00:00 AM", source: `${FUNCTIONS} DateAdd, Example 1 (ten days before)` },
  { expression: 'DateAdd("ww", 2, CDate([StatusHireDate]))', input: HIRE, expected: "3/30/2012 7:00:00 AM", source: `${FUNCTIONS} DateAdd, Example 1 (two weeks)` },
  { expression: 'DateAdd("m", 10, CDate([StatusHireDate]))', input: HIRE, expected: "1/16/2013 7:00:00 AM", source: `${FUNCTIONS} DateAdd, Example 1 (ten months)` },
  { expression: 'DateAdd("yyyy", 2, CDate([StatusHireDate]))', input: HIRE, expected: "3/16/2014 7:00:00 AM", source: `${FUNCTIONS} DateAdd, Example 1 (two years)` },
  ...(
    [
      ["d", "2021-08-18+08:00", "2021-08-31+08:00", 13, "positive difference in days"],
      ["d", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -3449, "negative difference in days"],
      ["ww", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -493, "difference in weeks"],
      ["m", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -113, "difference in months"],
      ["yyyy", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -9, "difference in years"],
      ["d", "2021-08-31+08:00", "2021-08-31+08:00", 0, "both dates the same"],
      ["h", "2021-08-24", "2021-08-25", 24, "difference in hours"],
      ["n", "2021-08-24", "2021-08-25", 1440, "difference in minutes"],
      ["s", "2021-08-24", "2021-08-25", 86400, "difference in seconds"],
    ] as const
  ).map(([interval, date1, date2, expected, row]) => ({
    expression: `DateDiff("${interval}", CDate([date1]), CDate([date2]))`,
    input: { date1, date2 },
    expected,
    source: `${FUNCTIONS} DateDiff, Example 1 (${row})`,
  })),
  ...(
    [
      [{ Active: "1", StatusHireDate: "2021-09-04T00:00:00Z" }, "False", "active, hired in more than five days"],
      [{ Active: "1", StatusHireDate: "2021-08-28T00:00:00Z" }, "True", "active, hired within five days"],
      [{ Active: "0", StatusHireDate: "2021-08-28T00:00:00Z" }, "False", "not active"],
    ] as const
  ).map(([input, expected, row]) => ({
    expression: 'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")',
    input,
    expected,
    source: `${FUNCTIONS} DateDiff, Example 2`,
    note: `the page describes the result in words (accountEnabled True only if the hire date is within the next five days): ${row}`,
  })),
  { expression: "DateFromNum(129699324000000000)", input: {}, expected: "1/1/2012 11:00:00 PM", source: `${FUNCTIONS} DateFromNum`, note: 'the page: "a DateTime representing January 1, 2012 at 11:00PM"' },
  { expression: "DateFromNum([lastLogonTimestamp])", input: { lastLogonTimestamp: "129699324000000000" }, expected: "1/1/2012 11:00:00 PM", source: `${FUNCTIONS} DateFromNum` },
  { expression: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', input: { extensionAttribute1: "20150123105347.1Z" }, expected: "2015-01-23", source: `${FUNCTIONS} FormatDateTime` },
  { expression: "IgnoreFlowIfNullOrEmpty([department])", input: { department: null }, expected: null, source: `${FUNCTIONS} IgnoreFlowIfNullOrEmpty, Example 1` },
  { expression: "IgnoreFlowIfNullOrEmpty([department])", input: { department: "Sales" }, expected: "Sales", source: `${FUNCTIONS} IgnoreFlowIfNullOrEmpty, Example 1` },
  { expression: 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))', input: { prefix: "9999" }, expected: null, source: `${FUNCTIONS} IgnoreFlowIfNullOrEmpty, Example 2` },
  { expression: 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))', input: { prefix: "3444" }, expected: "Prof.", source: `${FUNCTIONS} IgnoreFlowIfNullOrEmpty, Example 2` },
  { expression: 'IIF([country]="USA",[country],[department])', input: { country: "USA", department: "Sales" }, expected: "USA", source: `${FUNCTIONS} IIF` },
  { expression: 'IIF([country]="USA",[country],[department])', input: { country: "Canada", department: "Sales" }, expected: "Sales", source: `${FUNCTIONS} IIF` },
  { expression: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', input: { country: "USA", state: "CA" }, expected: "True", source: `${FUNCTIONS} IIF, Known limitations (AND)` },
  { expression: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', input: { country: "USA", state: "WA" }, expected: "False", source: `${FUNCTIONS} IIF, Known limitations (AND)` },
  { expression: 'IIF([country]="USA","True",IIF([state]="CA","True","False"))', input: { country: "Mexico", state: "CA" }, expected: "True", source: `${FUNCTIONS} IIF, Known limitations (OR)` },
  { expression: 'IIF([country]="USA","True",IIF([state]="CA","True","False"))', input: { country: "Mexico", state: "BC" }, expected: "False", source: `${FUNCTIONS} IIF, Known limitations (OR)` },
  {
    expression: 'IIF([country]="","Other",[country])',
    input: { country: "" },
    expected: null,
    source: `${FUNCTIONS} IIF, Known limitations (unsupported)`,
    note: 'the page: the condition check fails on an empty or null attribute; UNCONFIRMED what that yields (here: no value)',
  },
  { expression: 'Switch([country],[country],"","Other")', input: { country: "" }, expected: "Other", source: `${FUNCTIONS} IIF, Known limitations (workaround)` },
  { expression: 'Switch([country],[country],"","Other")', input: {}, expected: "Other", source: `${FUNCTIONS} IIF, Known limitations (workaround: null)` },
  { expression: 'Switch([country],[country],"","Other")', input: { country: "Germany" }, expected: "Germany", source: `${FUNCTIONS} IIF, Known limitations (workaround: present)` },
  { expression: 'InStr("The quick brown fox","quick")', input: {}, expected: 5, source: `${FUNCTIONS} InStr` },
  { expression: 'InStr("repEated","e",3,vbBinaryCompare)', input: {}, expected: 7, source: `${FUNCTIONS} InStr` },
  { expression: "IsNull([displayName])", input: {}, expected: true, source: `${FUNCTIONS} IsNull` },
  { expression: "IsNull([displayName])", input: { displayName: "" }, expected: false, source: `${FUNCTIONS} IsNull`, note: "present but empty is not null" },
  { expression: "IsNullOrEmpty([displayName])", input: { displayName: "" }, expected: true, source: `${FUNCTIONS} IsNullorEmpty` },
  { expression: "IsNullOrEmpty([displayName])", input: {}, expected: true, source: `${FUNCTIONS} IsNullorEmpty` },
  { expression: "IsPresent([displayName])", input: { displayName: "Ada" }, expected: true, source: `${FUNCTIONS} IsPresent`, note: "the page's description: the inverse of IsNullOrEmpty" },
  { expression: "IsString([displayName])", input: { displayName: "Ada" }, expected: true, source: `${FUNCTIONS} IsString`, note: "the page has no example" },
  { expression: "Item([proxyAddresses], 1)", input: { proxyAddresses: ["SMTP:john@contoso.com", "smtp:jd@contoso.com"] }, expected: "SMTP:john@contoso.com", source: `${FUNCTIONS} Item` },
  { expression: 'Left("John Doe", 3)', input: {}, expected: "Joh", source: `${FUNCTIONS} Left` },
  { expression: "NormalizeDiacritics([givenName])", input: { givenName: "Zoë" }, expected: "Zoe", source: `${FUNCTIONS} NormalizeDiacritics` },
  { expression: "Not([IsSoftDeleted])", input: { IsSoftDeleted: false }, expected: true, source: `${FUNCTIONS} Not; Graph's Salesforce objectMapping example (IsActive)` },
  { expression: "Not([IsSoftDeleted])", input: { IsSoftDeleted: "True" }, expected: false, source: `${FUNCTIONS} Not` },
  { expression: "Now()", input: {}, now: "2021-07-02T15:33:38Z", expected: "7/2/2021 3:33:38 PM", source: `${FUNCTIONS} Now` },
  {
    expression: 'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
    input: { ContractEndDate: "2020-12-31-08:00" },
    expected: "132539615990000000",
    source: `${FUNCTIONS} NumFromDate, Workday example`,
    note: "the page prints no output; 2020-12-31 23:59:59-08:00 is 2021-01-01T07:59:59Z, in FILETIME ticks",
  },
  {
    expression: 'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))',
    input: { endDate: "12/31/2020 08:00:00 AM" },
    expected: "132539615990000000",
    source: `${FUNCTIONS} NumFromDate, SuccessFactors example`,
    note: "the page prints no output; computed as for the Workday example",
  },
  { expression: "PCase([firstName])", input: { firstName: "PABLO GONSALVES (SECOND)" }, expected: "Pablo Gonsalves (Second)", source: `${FUNCTIONS} PCase` },
  { expression: 'PCase([lastName]," \'-")', input: { lastName: "PINTO-DE'SILVA" }, expected: "Pinto-De'Silva", source: `${FUNCTIONS} PCase` },
  { expression: 'PCase(Join(" ",[firstName],[lastName]))', input: { firstName: "GREGORY", lastName: "JAMES" }, expected: "Gregory James", source: `${FUNCTIONS} PCase` },
  { expression: "Redact([userPrincipalName])", input: { userPrincipalName: "ada@contoso.com" }, expected: "ada@contoso.com", source: `${FUNCTIONS} Redact, Example 1`, note: "Redact changes only the provisioning logs" },
  { expression: 'Redact("StringToBeRedacted")', input: {}, expected: "StringToBeRedacted", source: `${FUNCTIONS} Redact, Example 2` },
  { expression: "RemoveDuplicates([proxyAddresses])", input: { proxyAddresses: ["smtp:a@contoso.com", "smtp:a@contoso.com", "SMTP:b@contoso.com"] }, expected: ["smtp:a@contoso.com", "SMTP:b@contoso.com"], source: `${FUNCTIONS} RemoveDuplicates` },
  { expression: 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', input: { BusinessTitle: "Product Developer" }, expected: "Software Engineer", source: `${FUNCTIONS} Replace, Example 1` },
  { expression: 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")', input: { UserID: "jsmith" }, expected: "jsmith@contoso.com", source: `${FUNCTIONS} Replace, Example 2` },
  { expression: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', input: { telephoneNumber: "+91 9998887777" }, expected: "9998887777", source: `${FUNCTIONS} Replace, Example 3` },
  {
    expression: 'Replace([mobile], , "[()\\\\s-]+", , "", , )',
    input: { mobile: "+1 (999) 888-7777" },
    expected: "+19998887777",
    source: `${FUNCTIONS} Replace, Example 3 (collapse)`,
    note: 'the page prints 19998887777, but its pattern [()\\s-]+ does not match "+": .NET Regex.Replace keeps it',
  },
  { expression: 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )', input: { AddressLineData: "545 Tremont Street" }, expected: "888 Tremont Street", source: `${FUNCTIONS} Replace, Example 4` },
  { expression: 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', input: { userPrincipalName: "jsmith@contoso.com" }, expected: "jsmith", source: `${FUNCTIONS} Replace, Example 4` },
  {
    expression: 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
    input: { telephoneNumber: "", mobile: "+91 8887779999" },
    expected: "8887779999",
    source: `${FUNCTIONS} Replace, Example 5`,
  },
  { expression: 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', input: { mailNickname: "john_doe72" }, expected: "72", source: `${FUNCTIONS} Replace, Example 6` },
  ...(
    [
      [[], "John.Smith@contoso.com"],
      [["John.Smith@contoso.com"], "J.Smith@contoso.com"],
      [["John.Smith@contoso.com", "J.Smith@contoso.com"], "Jo.Smith@contoso.com"],
    ] as const
  ).map(([taken, expected]) => ({
    expression: `SelectUniqueValue( 
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), 
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
    )`,
    input: { PreferredFirstName: "John", PreferredLastName: "Smith" },
    taken,
    expected,
    source: `${FUNCTIONS} SelectUniqueValue (taken: ${taken.length === 0 ? "none" : taken.join(", ")})`,
  })),
  {
    expression: "SingleAppRoleAssignment([appRoleAssignments])",
    input: { appRoleAssignments: [{ value: "Admin" }] },
    expected: "Admin",
    source: `${CUSTOMIZE} SingleAppRoleAssignment, Example request (POST): roles[primary eq "True"].value`,
  },
  { expression: 'Split([extensionAttribute5], ",")', input: { extensionAttribute5: "PermissionSetOne, PermissionSetTwo" }, expected: ["PermissionSetOne", "PermissionSetTwo"], source: `${FUNCTIONS} Split` },
  { expression: "StripSpaces([displayName])", input: { displayName: " Ada  Lovelace\t" }, expected: "AdaLovelace\t", source: `${FUNCTIONS} StripSpaces`, note: 'the page has no example; its description: removes all space (" ") characters' },
  { expression: 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")', input: { state: "QLD" }, expected: "Australia/Brisbane", source: `${FUNCTIONS} Switch` },
  { expression: 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")', input: { state: "WA" }, expected: "Australia/Sydney", source: `${FUNCTIONS} Switch (default)` },
  { expression: 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', input: { statusFlag: "TRUE" }, expected: "1", source: `${FUNCTIONS} Switch, note (case-insensitive with ToLower)` },
  { expression: 'Switch([statusFlag], "Default Value", "true", "1", "", "0")', input: { statusFlag: "" }, expected: "0", source: `${FUNCTIONS} Switch, caution (empty source)` },
  { expression: 'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))', input: { companyName: "Company B" }, expected: "B", source: `${FUNCTIONS} Switch, caution (IIF resolution)` },
  { expression: 'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))', input: { companyName: "Company C" }, expected: "External", source: `${FUNCTIONS} Switch, caution (IIF resolution)` },
  { expression: 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))', input: { PreferredFirstName: "John", PreferredLastName: "Smith" }, expected: "john.smith@contoso.com", source: `${FUNCTIONS} ToLower` },
  { expression: 'ToUpper([givenName], "tr-TR")', input: { givenName: "irmak" }, expected: "İRMAK", source: `${FUNCTIONS} ToUpper`, note: "the page has no example; its culture parameter (tr-TR dotted capital I)" },
  { expression: 'Word("The quick brown fox",3," ")', input: {}, expected: "brown", source: `${FUNCTIONS} Word` },
  { expression: 'Word("This,string!has&many separators",3,",!&#")', input: {}, expected: "has", source: `${FUNCTIONS} Word` },
  { expression: 'Replace([mail], "@contoso.com", , ,"", ,)', input: { mail: "john.doe@contoso.com" }, expected: "john.doe", source: `${FUNCTIONS} Examples: Strip known domain name` },
  { expression: "Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))", input: { givenName: "John", surname: "Doe" }, expected: "JohDoe", source: `${FUNCTIONS} Examples: Generate user alias` },
  { expression: 'Join(", ", "", [surname], [givenName])', input: { givenName: "John", surname: "Doe" }, expected: "Doe, John", source: `${FUNCTIONS} Examples: Add a comma between last name and first name` },
  {
    expression: 'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
    input: { objectId: "d05e47b1-3909-445a-ba5e-ca60cbc0e4b4" },
    expected: "100064303565343762312333930392343435612626135652636136306362633065346234",
    source: `${FUNCTIONS} Examples: Generate an ID from the object ID`,
    note: "the page prints a placeholder input (00aa00aa-...); its output is this object id's, read back from the hex digits",
  },
  {
    expression: 'Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])',
    input: { jobTitle: "Engineer" },
    expected: "Engineer",
    source: `${CUSTOMIZE} Understanding attribute-mapping properties (default value for job title)`,
  },
  { expression: 'Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])', input: {}, expected: "DefaultValue", source: `${CUSTOMIZE} Understanding attribute-mapping properties (default value for job title)` },
];

/** Examples whose output is random: the shape the page describes. */
export const RANDOM_EXAMPLES = {
  guid: { expression: "Guid()", source: `${FUNCTIONS} Guid`, shape: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ },
  randomSimple: { expression: "RandomString(6,3,0,0,3)", source: `${FUNCTIONS} RandomString, Example 1` },
  randomAvoid: { expression: 'RandomString(10,2,2,2,1,"?,")', source: `${FUNCTIONS} RandomString, Example 2` },
  redactRandom: { expression: "Redact(RandomString(6,3,0,0,3))", source: `${FUNCTIONS} Redact, Example 3` },
} as const;
