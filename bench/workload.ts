/** The per-app declaration both synth programs reproduce: mappings and filters of a realistic app. */
import type { AttributeMapping, ScopingFilter } from "../constructs";

export const BENCH_MAPPINGS: { userMappings: AttributeMapping[]; userScope: ScopingFilter[] } = {
  userMappings: [
    { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", source: "[extensionAttribute1]" },
    { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
    { target: 'phoneNumbers[type eq "fax"].value', remove: true },
  ],
  userScope: [
    { name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
    {
      name: "Contractors",
      all: [
        { attribute: "userPrincipalName", operator: "REGEX MATCH", values: [".*@contoso\\.com$"] },
        { attribute: "jobTitle", operator: "IS NOT NULL" },
      ],
    },
  ],
};
