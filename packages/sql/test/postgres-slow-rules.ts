/**
 * Rules the PostgreSQL integration tests leave out for now, for time only: their candidate
 * queries read persons' households through a CTE referenced twice, which PostgreSQL
 * materializes — then the correlated EXISTS scans it once per payment (over 8 s each on a
 * town; 2–3 s with `AS NOT MATERIALIZED`, a change for the compiler's PostgreSQL dialect).
 *
 * TODO: empty this list — every model — once the compiler emits NOT MATERIALIZED CTEs for
 * PostgreSQL.
 */
export const SLOW_ON_POSTGRES: readonly string[] = ['company-owner-on-assistance', 'vehicle-owner-on-assistance', 'state-staff-on-assistance', 'public-pension-on-assistance'];

/**
 * Rules the sharded test also leaves out for now, for time only: their candidate queries run
 * a correlated subquery per payment against tables whose partitions are on the shards (one
 * remote query per row and shard; over 6 s each on a town). TODO: empty this list — every
 * model — once the compiler writes those lookups as joins (or the datasets they probe are
 * replicated next to the payments).
 */
export const SLOW_ON_SHARDS: readonly string[] = ['cadre-account-receives-others', 'land-subsidy-over-area', 'moved-out-payee', 'paid-to-other-account', 'shared-account'];
