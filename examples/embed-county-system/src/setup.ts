/**
 * Creates the county system's database: `tsx src/setup.ts [--db county.db] [--scale tiny|village] [--seed 1]`.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createCountyDatabase } from './create-county-database.js';

export async function setup(argv: readonly string[], log: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { db: { type: 'string', default: 'county.db' }, scale: { type: 'string', default: 'tiny' }, seed: { type: 'string', default: '1' } },
  });
  if (values.scale !== 'tiny' && values.scale !== 'village') {
    log(`--scale is tiny or village, got \`${values.scale}\``);
    return 2;
  }
  const db = await createCountyDatabase({ file: values.db, scale: values.scale, seed: Number(values.seed) });
  log(`wrote ${db.file} (asOf ${db.asOf}):`);
  for (const [table, rows] of Object.entries(db.tables)) log(`  ${table.padEnd(22)} ${String(rows).padStart(6)} rows`);
  for (const a of db.applications) log(`  application ${a.id}: ${a.what}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await setup(process.argv.slice(2));
}
