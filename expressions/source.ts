import type { GraphGroup, GraphUser, SourceRecord } from "./types";

/** Entra's source attributes of a Graph user, by the names mappings use. */
export function entraSourceFromGraphUser(user: GraphUser): SourceRecord {
  void user;
  throw new Error("entraSourceFromGraphUser: not implemented yet");
}

/** Entra's source attributes of a Graph group, by the names mappings use. */
export function entraSourceFromGraphGroup(group: GraphGroup): SourceRecord {
  void group;
  throw new Error("entraSourceFromGraphGroup: not implemented yet");
}
