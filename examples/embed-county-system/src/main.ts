/**
 * The county service: `tsx src/main.ts [--db county.db] [--once] [--at 02:00] [--poll 5]`.
 *
 * With `--once` it runs the nightly job now, screens the applications waiting for payment and
 * exits. Without it, it runs the nightly job at start and then every day at `--at`, and screens
 * new applications every `--poll` seconds until stopped (Ctrl-C).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CountyService, type NightlyResult, type ScreenedApplication } from './county-service.js';
import { scheduleDaily } from './schedule-nightly.js';

/** Where the service prints; the tests capture it. */
export type Log = (line: string) => void;

const n = (x: number): string => x.toLocaleString('en-US');

export function formatNightly(r: NightlyResult): string[] {
  return [
    `nightly run (asOf ${r.asOf}): ${n(r.records)} records loaded in ${r.loadMs} ms, ${r.rejected} rejected; ${r.rulesRun} rules run, ${r.rulesSkipped} skipped; ${r.findings} findings in ${r.rulesMs} ms`,
    ...r.byRule.map(([rule, count]) => `  ${rule.padEnd(34)} ${String(count).padStart(4)}`),
  ];
}

export function formatScreened(list: readonly ScreenedApplication[]): string[] {
  const lines = [`screened ${list.length} new application(s) before payment:`];
  for (const a of list) {
    lines.push(`  ${a.id}  ${a.status.toUpperCase().padEnd(8)} ${a.micros.toFixed(0).padStart(6)} μs  (${a.what})`);
    for (const f of a.findings) lines.push(`      ${f.rule} [${f.severity}] ${f.message.zh}`);
    for (const p of a.problems ?? []) lines.push(`      invalid: ${p}`);
  }
  const timed = list.filter((a) => a.status !== 'rejected');
  if (timed.length > 0) {
    const mean = timed.reduce((s, a) => s + a.micros, 0) / timed.length;
    lines.push(`  screening time per record: mean ${mean.toFixed(0)} μs, max ${Math.max(...timed.map((a) => a.micros)).toFixed(0)} μs`);
  }
  return lines;
}

/** Runs the service; resolves with the exit code (`--once`) or when stopped by `signal`. */
export async function main(argv: readonly string[], log: Log = console.log, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string', default: 'county.db' },
      once: { type: 'boolean', default: false },
      at: { type: 'string', default: '02:00' },
      poll: { type: 'string', default: '5' },
    },
  });
  const service = await CountyService.open(values.db);
  try {
    const nightly = async (): Promise<void> => {
      for (const line of formatNightly(await service.runNightly())) log(line);
    };
    const screen = (): void => {
      const list = service.screenNew();
      if (list.length > 0) for (const line of formatScreened(list)) log(line);
    };
    await nightly();
    screen();
    if (values.once) return 0;
    const schedule = scheduleDaily(values.at, nightly, (e) => log(`nightly run failed: ${String(e)}`));
    log(`next nightly run at ${schedule.next.toString()}; screening new applications every ${values.poll} s (Ctrl-C to stop)`);
    const poll = setInterval(screen, Number(values.poll) * 1000);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      signal?.addEventListener('abort', stop);
      process.once('SIGINT', stop);
    });
    clearInterval(poll);
    schedule.stop();
    return 0;
  } finally {
    service.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
