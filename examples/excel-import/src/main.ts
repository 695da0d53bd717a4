/**
 * Loads the county's Excel exports unchanged through `mapping.json` and runs the standard
 * library's payments models: `tsx src/main.ts [--dir exports] [--mapping mapping.json]`.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createEngine, loadData } from '@sunshine/core';
import { loadMapping, withMapping } from '@sunshine/adapters';
import { createXlsxSource } from '@sunshine/adapters/xlsx';
import { loadStdlib } from '@sunshine/rules-stdlib';

/** The run's asOf: the exports cover the 12 months up to the end of 2024. */
export const AS_OF = '2024-12-31';

/**
 * Loads and runs; prints counts, rejected rows, and the findings; resolves with the exit code
 * (0, or 2 when the mapping or a workbook cannot be read).
 *
 * @example
 * ```ts
 * await main(['--dir', 'exports', '--mapping', 'mapping.json']);
 * ```
 */
export async function main(argv: readonly string[], log: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { dir: { type: 'string', default: 'exports' }, mapping: { type: 'string', default: 'mapping.json' } } });
  const mapping = await loadMapping(values.mapping);
  const source = withMapping(createXlsxSource({ dir: values.dir }), mapping);
  const data = await loadData(source);
  log(`loaded ${values.dir}/ with ${values.mapping}:`);
  for (const loc of data.locations) {
    const c = data.counts[loc.dataset]!;
    log(`  ${loc.dataset.padEnd(18)} ${String(c.loaded).padStart(5)} rows  ${c.rejected ? `${c.rejected} rejected  ` : ''}← ${loc.file}`);
  }
  log(`  missing (loaded as empty): ${data.missing.join(', ') || 'none'}`);
  for (const w of data.warnings) log(`  warning: ${w.message}`);
  log(`rejected rows: ${data.rejected.length}`);
  for (const r of data.rejected.slice(0, 20)) log(`  ${r.file} row ${r.row} ${r.field}: ${r.message}`);

  const engine = createEngine({ rules: await loadStdlib({ preset: 'payments' }), asOf: AS_OF });
  const result = await engine.run(data);
  log(`ran ${result.rulesRun.length} payments models (${result.rulesSkipped.length} skipped: the data lacks their datasets); ${result.findings.length} findings:`);
  const byRule = new Map<string, number>();
  for (const f of result.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  for (const [rule, count] of byRule) log(`  ${rule.padEnd(32)} ${String(count).padStart(3)}`);
  log('findings:');
  for (const f of result.findings) log(`  ${f.rule} [${f.severity}] ${f.message.zh}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
