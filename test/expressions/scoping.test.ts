/**
 * Scoping filters as Microsoft's page describes them (define-conditional-rules-for-provisioning-
 * user-accounts.md, ms.date 03/04/2025): every operator on null, empty, multi-valued and ordinary
 * values; AND within a group, OR across groups; the page's own examples.
 */
import { EvaluationError, evaluateScopingFilter, SCOPING_OPERATORS, type FilterClause, type FilterGroup, type SourceRecord } from "../../expressions";

const clause = (sourceOperandName: string, operatorName: string, ...values: string[]): FilterClause => ({ sourceOperandName, operatorName, targetOperand: { values } });
const group = (name: string, ...clauses: FilterClause[]): FilterGroup => ({ name, clauses });
const holds = (c: FilterClause, source: SourceRecord) => evaluateScopingFilter([group("g", c)], source).inScope;

describe("operators", () => {
  test("the operators of Microsoft's page, by the names the job schema stores", () => {
    expect([...SCOPING_OPERATORS].sort()).toEqual(
      ["&", "!&", "ENDS_WITH", "EQUALS", "Greater_Than", "Greater_Than_OR_EQUALS", "Includes", "IS FALSE", "IS NOT NULL", "IS NULL", "IS TRUE", "NOT EQUALS", "NOT REGEX MATCH", "REGEX MATCH"].sort(),
    );
  });

  // Each row: operator, operand, value, expected.
  test.each([
    ["EQUALS", "Sales", "Sales", true],
    ["EQUALS", "Sales", "sales", false], // case-sensitive
    ["NOT EQUALS", "Sales", "Marketing", true],
    ["NOT EQUALS", "Sales", "Sales", false],
    ["NOT EQUALS", "Sales", "sales", true],
    ["Includes", "ale", "Sales", true],
    ["Includes", "ALE", "Sales", false],
    ["ENDS_WITH", "@contoso.com", "ada@contoso.com", true],
    ["ENDS_WITH", "@contoso.com", "ada@contoso.com.evil", false],
    ["&", "Sales,Marketing", "Sales", true],
    ["&", "Sales,Marketing", "Finance", false],
    ["!&", "Sales,Marketing", "Finance", true],
    ["!&", "Sales,Marketing", "Sales", false],
    ["Greater_Than", "1000000", "1500000", true],
    ["Greater_Than", "1000000", "1000000", false],
    ["Greater_Than_OR_EQUALS", "1000000", "1000000", true],
    ["Greater_Than", "10", "9", false], // integers, not text (text would say "9" > "10")
    ["Greater_Than", "10", "abc", false], // not an integer: false
    ["REGEX MATCH", "([1-9][0-9])", "42", true],
    ["REGEX MATCH", "^a", "Ada", false], // case-sensitive
    ["NOT REGEX MATCH", ".*\\@domain.com", "ada@contoso.com", true],
    ["NOT REGEX MATCH", ".*\\@domain.com", "ada@domain.com", false],
  ] as const)("%s %p on %p is %p", (op, operand, value, expected) => {
    expect(holds(clause("a", op, operand), { a: value })).toBe(expected);
  });

  test.each([
    ["IS TRUE", true, true],
    ["IS TRUE", false, false],
    ["IS TRUE", "True", true],
    ["IS TRUE", "yes", false],
    ["IS FALSE", false, true],
    ["IS FALSE", "false", true],
    ["IS FALSE", true, false],
    ["IS NOT NULL", "x", true],
    ["IS NULL", "x", false],
  ] as const)("%s on %p is %p", (op, value, expected) => {
    expect(holds(clause("a", op), { a: value })).toBe(expected);
  });
});

describe("null and empty values: every clause is false, except IS NULL", () => {
  const operands: Readonly<Record<string, string[]>> = { "IS TRUE": [], "IS FALSE": [], "IS NULL": [], "IS NOT NULL": [] };
  test.each(SCOPING_OPERATORS.flatMap((op) => [[op, "absent", {}], [op, "null", { a: null }], [op, "empty", { a: "" }], [op, "an empty list", { a: [] }]] as const))(
    "%s on %s",
    (op, _, source) => {
      const c = clause("a", op, ...(operands[op] ?? ["x"]));
      expect(holds(c, source as SourceRecord)).toBe(op === "IS NULL");
    },
  );

  test("NOT REGEX MATCH and NOT EQUALS are false on an empty value, as the page says", () => {
    expect(holds(clause("department", "NOT REGEX MATCH", "Sales"), {})).toBe(false);
    expect(holds(clause("department", "NOT EQUALS", "Sales"), { department: "" })).toBe(false);
  });
});

describe("multi-valued attributes (UNCONFIRMED: every value must satisfy the clause, Graph's default comparison All)", () => {
  test.each([
    ["EQUALS", ["a", "a"], true],
    ["EQUALS", ["a", "b"], false],
    ["NOT EQUALS", ["b", "c"], true],
    ["NOT EQUALS", ["a", "c"], false],
    ["REGEX MATCH", ["smtp:x@contoso.com", "SMTP:y@contoso.com"], true],
    ["IS NOT NULL", ["a"], true],
    ["IS NULL", ["a"], false],
  ] as const)("%s over %p is %p", (op, values, expected) => {
    const operand = op === "REGEX MATCH" ? "@contoso\\.com$" : "a";
    expect(holds(clause("proxyAddresses", op, ...(op.startsWith("IS") ? [] : [operand])), { proxyAddresses: [...values] })).toBe(expected);
  });

  test("several clause values: a positive operator needs one to match, a negative one none (UNCONFIRMED)", () => {
    expect(holds(clause("department", "EQUALS", "Sales", "Marketing"), { department: "Marketing" })).toBe(true);
    expect(holds(clause("department", "NOT EQUALS", "Sales", "Marketing"), { department: "Marketing" })).toBe(false);
    expect(holds(clause("department", "NOT EQUALS", "Sales", "Marketing"), { department: "Finance" })).toBe(true);
  });
});

describe("groups", () => {
  // The page's example: New York, Engineering, employee ID between 1,000,000 and 2,000,000, a job title.
  const newYorkEngineering = group(
    "New York Engineering",
    clause("city", "EQUALS", "New York"),
    clause("department", "EQUALS", "Engineering"),
    clause("employeeId", "Greater_Than_OR_EQUALS", "1000000"),
    clause("employeeId", "NOT EQUALS", "2000000"),
    clause("jobTitle", "IS NOT NULL"),
  );
  const engineer = { city: "New York", department: "Engineering", employeeId: "1500000", jobTitle: "Engineer" };

  test("clauses are AND-ed: all hold", () => {
    expect(evaluateScopingFilter([newYorkEngineering], engineer)).toEqual({ inScope: true, group: "New York Engineering" });
  });

  test("one failing clause puts the object out of scope, and the reason names it", () => {
    expect(evaluateScopingFilter([newYorkEngineering], { ...engineer, jobTitle: null })).toEqual({
      inScope: false,
      reason: '"New York Engineering": jobTitle IS NOT NULL does not hold',
    });
  });

  test("groups are OR-ed: the first group that holds is named; each failing group's first failing clause is the reason", () => {
    const sales = group("Sales", clause("department", "EQUALS", "Sales"));
    expect(evaluateScopingFilter([newYorkEngineering, sales], { department: "Sales" })).toEqual({ inScope: true, group: "Sales" });
    expect(evaluateScopingFilter([newYorkEngineering, sales], { department: "Finance", city: "New York" })).toEqual({
      inScope: false,
      reason: '"New York Engineering": department EQUALS "Engineering" does not hold; "Sales": department EQUALS "Sales" does not hold',
    });
  });

  test("no filter puts everyone in scope", () => {
    expect(evaluateScopingFilter(null, {})).toEqual({ inScope: true });
    expect(evaluateScopingFilter([], {})).toEqual({ inScope: true });
    expect(evaluateScopingFilter({ groups: null }, {})).toEqual({ inScope: true });
  });

  test("an object mapping's whole scope object reads as its groups", () => {
    expect(evaluateScopingFilter({ groups: [newYorkEngineering] }, engineer)).toEqual({ inScope: true, group: "New York Engineering" });
  });

  test("the page's common filters", () => {
    const upn = (v: string) => ({ userPrincipalName: v });
    expect(holds(clause("userPrincipalName", "REGEX MATCH", ".*\\@domain.com"), upn("ada@domain.com"))).toBe(true);
    expect(holds(clause("userPrincipalName", "NOT REGEX MATCH", ".*\\@domain.com"), upn("ada@domain.com"))).toBe(false);
    expect(holds(clause("department", "EQUALS", "sales"), { department: "sales" })).toBe(true);
    expect(holds(clause("workerID", "REGEX MATCH", "(1[0-9][0-9][0-9][0-9][0-9][0-9])"), { workerID: "1234567" })).toBe(true);
    expect(holds(clause("workerID", "REGEX MATCH", "(1[0-9][0-9][0-9][0-9][0-9][0-9])"), { workerID: "234567" })).toBe(false);
  });

  test("an operator Microsoft does not document is refused, not guessed", () => {
    expect(() => evaluateScopingFilter([group("g", clause("employeeId", "Less_Than", "5"))], { employeeId: "1" })).toThrow(EvaluationError);
    expect(() => evaluateScopingFilter([group("g", clause("employeeId", "Less_Than", "5"))], { employeeId: "1" })).toThrow(
      /^scoping filter "g": employeeId Less_Than "5": operator "Less_Than" is not one Microsoft documents for scoping filters; expected one of "&", /,
    );
  });

  test("a binary operator without a value is a broken clause", () => {
    expect(() => evaluateScopingFilter([group("g", { sourceOperandName: "a", operatorName: "EQUALS" })], { a: "x" })).toThrow(
      'scoping filter "g": a EQUALS: operator EQUALS needs a value to compare with; the clause has none',
    );
  });
});
