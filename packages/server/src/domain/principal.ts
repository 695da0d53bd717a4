/**
 * Who is calling: the roles of 四管一督 (county party committee, discipline commission, county
 * department, town, village, citizen) and the jurisdiction each carries. The server acts as `system` for what it
 * does by itself (pushing a new alert, escalating an overdue one).
 */

/** The roles, from the widest jurisdiction to the narrowest. */
export const ROLES = ['party', 'discipline', 'department', 'town', 'village', 'citizen'] as const;
export type Role = (typeof ROLES)[number];

/** Staff roles sign in with a password; citizens with ID number and name. */
export const STAFF_ROLES = ['party', 'discipline', 'department', 'town', 'village'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_NAMES: Readonly<Record<Role | 'system', { readonly zh: string; readonly en: string }>> = {
  party: { zh: '县委', en: 'County party committee' },
  discipline: { zh: '纪委监委', en: 'Discipline commission' },
  department: { zh: '县直部门', en: 'County department' },
  town: { zh: '乡镇（街道）', en: 'Town' },
  village: { zh: '村（居）', en: 'Village' },
  citizen: { zh: '群众', en: 'Citizen' },
  system: { zh: '系统', en: 'System' },
};

/** A signed-in caller. */
export interface Principal {
  readonly role: Role;
  /** User id, or `citizen:<id_number>`. */
  readonly id: string;
  /** Display name (the user's, or the citizen's registered name). */
  readonly name: string;
  /** For `department`: the department whose funds' alerts it handles. */
  readonly departmentCode: string | null;
  /** For `town` (its villages) and `citizen` (their own). */
  readonly townCode: string | null;
  /** For `village` and `citizen`. */
  readonly villageCode: string | null;
  /** For `citizen`: their ID number. */
  readonly idNumber: string | null;
}

/** Who did something: a principal, or the server itself. */
export type Actor = Principal | { readonly role: 'system'; readonly id: 'system'; readonly name: string };

export const SYSTEM: Actor = Object.freeze({ role: 'system', id: 'system', name: 'system' });

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Roles that oversee the whole county: the discipline commission, and the county party committee
 * (党委), which sees everything the commission sees but changes nothing.
 */
export const OVERSIGHT_ROLES = ['discipline', 'party'] as const satisfies readonly Role[];

export function isOversightRole(role: string): boolean {
  return (OVERSIGHT_ROLES as readonly string[]).includes(role);
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
