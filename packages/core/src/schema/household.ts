/**
 * The household and region notions of the data model, in one place. The generic engine
 * (planner, executor, functions) knows nothing about people except through this module:
 *
 * - a person is a row of `persons`, keyed by `id_number`; a household is the persons sharing a
 *   `household_id` (a `householdOf` lookup, `$household`, `$ageAt`/`$birthDate`);
 * - a person not in `persons` is a household of one: {@link standInPerson};
 * - a finding located by village only takes its town from `regions` (by `village_code`).
 *
 * The person and household indexes are built once per run and kept for every rule
 * ({@link HOUSEHOLD_INDEXES}), since functions reach them from any rule.
 */

/** The dataset of persons. */
export const PERSONS = 'persons';
/** A person's key in {@link PERSONS}. */
export const PERSON_ID = 'id_number';
/** The field of {@link PERSONS} that groups persons into households. */
export const HOUSEHOLD_ID = 'household_id';

/** The index fields of {@link PERSONS} by person. */
export const BY_PERSON: readonly string[] = [PERSON_ID];
/** The index fields of {@link PERSONS} by household. */
export const BY_HOUSEHOLD: readonly string[] = [HOUSEHOLD_ID];
/** The indexes persons and households are reached by (kept for the whole run). */
export const HOUSEHOLD_INDEXES: readonly { readonly dataset: string; readonly fields: readonly string[] }[] = [
  { dataset: PERSONS, fields: BY_PERSON },
  { dataset: PERSONS, fields: BY_HOUSEHOLD },
];

/** The dataset of regions (towns and villages). */
export const REGIONS = 'regions';
/** The index fields of {@link REGIONS} that give a village's town. */
export const BY_VILLAGE: readonly string[] = ['village_code'];

type PersonRow = Readonly<Record<string, string | number | null>>;

const standInCache = new Map<string, PersonRow>();

/** The stand-in record of a person not in {@link PERSONS}: a household of one, every field but the ID number null. */
export function standInPerson(id: string): PersonRow {
  let r = standInCache.get(id);
  if (!r) {
    r = Object.freeze({ id_number: id, name: null, gender: null, birth_date: null, household_id: null, relation: null, town_code: null, village_code: null });
    if (standInCache.size > 100_000) standInCache.clear();
    standInCache.set(id, r);
  }
  return r;
}
