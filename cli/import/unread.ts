/**
 * Settings the import cannot read, and what a deploy of the generated file writes for each.
 *
 * Scope, notification email and accidental-deletions prevention live in the job's secrets
 * (SyncAll, SyncNotificationSettings), which import never reads; offline, the provisioning state
 * (the job's schedule) is unknown too. ScimProvisionedApp writes every one of them on deploy, with
 * its defaults when the code is silent, so the generated file declares each one explicitly, says
 * next to it that it was not read, and the import lists them on stderr: the deploy overwrites
 * what the portal has unless the user sets the portal's values first.
 */
export type UnreadProp = "scope" | "notifications" | "accidentalDeletions" | "provisioning";

export interface UnreadSetting {
  readonly prop: UnreadProp;
  /** The setting as the portal names it, and where it is. */
  readonly portal: string;
  /** What a deploy writes as the file is generated, in words. */
  readonly deployWrites: string;
  /** The value the file declares; undefined when the default is "none" (the file shows a commented example). */
  readonly value?: unknown;
  /** A commented-out line for a setting with no value to declare. */
  readonly example?: string;
}

const SETTINGS: Readonly<Record<UnreadProp, UnreadSetting>> = {
  scope: { prop: "scope", portal: "Provisioning > Settings > Scope", deployWrites: "sync only assigned users and groups", value: "assignedOnly" },
  notifications: {
    prop: "notifications",
    portal: "Provisioning > Settings > Notification Email",
    deployWrites: "no notification email",
    example: 'notifications: { email: "idm-team@contoso.com", sendOnFailure: true },',
  },
  accidentalDeletions: {
    prop: "accidentalDeletions",
    portal: "Provisioning > Settings > Prevent accidental deletion, Accidental deletion threshold",
    deployWrites: "prevention on, threshold 500",
    value: { threshold: 500 },
  },
  provisioning: { prop: "provisioning", portal: "Provisioning Status", deployWrites: "provisioning on (the job is started)", value: "on" },
};

/** The settings kept in the job's secrets: unread by every import. */
export const SECRET_SETTINGS: readonly UnreadSetting[] = [SETTINGS.scope, SETTINGS.notifications, SETTINGS.accidentalDeletions];

/** Offline: the secrets' settings and the provisioning state. */
export const OFFLINE_UNREAD: readonly UnreadSetting[] = [...SECRET_SETTINGS, SETTINGS.provisioning];

/** One line for stderr and the file's header. */
export function unreadLine(s: UnreadSetting): string {
  return `${s.prop} (portal: ${s.portal}): a deploy writes ${s.deployWrites} unless you set ${s.prop} to the portal's value`;
}
