// The three roles an API token can hold, each allowing everything the one before it does.
export const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** Whether `held` is at least `needed` (viewer < operator < admin). */
export function roleAllows(held: Role | null, needed: Role): boolean {
  return held !== null && ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
