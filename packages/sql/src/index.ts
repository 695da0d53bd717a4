/**
 * `@sunshine/sql`: the rules where the data lives. A rule's plan compiles to a query selecting
 * its candidates inside DuckDB or PostgreSQL; the candidates and the rows they reach come out
 * and the rule's in-process code finishes them, so findings are the engine's own.
 * @packageDocumentation
 */
export { SqlError, type SqlErrorReason } from './sql-error.js';
export { DUCKDB, POSTGRES, type Dialect, type DialectName } from './dialect.js';
export { ROW_COLUMN, createTableSql, type SqlConnection, type SqlRows } from './sql-connection.js';
export { compileCandidates, type CandidateQuery, type CompileOptions, type ResidualPart } from './compile-candidates.js';
export { sqlCoverage, type SqlCoverage } from './compile-coverage.js';
export { runSql, type SqlRunOptions, type SqlRunResult, type SqlRuleStat } from './run-sql.js';
export { loadTables } from './load-tables.js';
export { latestDateInDatabase } from './latest-date.js';
export { createLookupIndexes, isUniqueKey, lookupIndexes, lookupIndexName, uniqueIndexes, type LookupIndex } from './lookup-indexes.js';
export { DatasetPool, FetchingRuntime, type Misses } from './fetching-runtime.js';
