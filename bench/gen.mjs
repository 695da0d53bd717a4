// `node bench/gen.mjs [scale…] [--factor 2,4]`: generation time and record counts of the
// synthetic county at each scale (not part of the tests). Runs the built package
// (`pnpm --filter @sunshine/gen build` first), one child process per scale so that peak RSS
// is per scale, into a temporary folder that is removed afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = pathToFileURL(path.join(root, 'packages/gen/dist/index.js')).href;

if (process.argv[2] === '--child') {
  const [, , , scale, factor, out] = process.argv;
  const { generateCounty } = await import(dist);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await generateCounty({ scale, seed: 1, out, scaleFactor: Number(factor) });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const findings = Object.values(r.truth).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ scale, factor: Number(factor), ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: Math.round(process.resourceUsage().maxRSS / 1024), records: r.records, payments: r.counts.payments, persons: r.counts.persons, findings }));
  process.exit(0);
}

const args = process.argv.slice(2);
const factorArg = args.indexOf('--factor');
const factors = factorArg >= 0 ? args[factorArg + 1].split(',').map(Number) : [];
const scales = args.filter((a, i) => !a.startsWith('--') && (factorArg < 0 || i !== factorArg + 1));
const runs = (scales.length ? scales : ['tiny', 'village', 'town', 'county']).map((s) => [s, 1]);
for (const f of factors) runs.push(['county', f]);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sunshine-gen-bench-'));
console.log(`Synthetic county generation — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
console.log('');
console.log('| scale | records | payments | persons | truth findings | wall s | CPU s | peak RSS MB |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
try {
  for (const [scale, factor] of runs) {
    const out = path.join(tmp, `${scale}-${factor}`);
    const r = spawnSync(process.execPath, ['--max-old-space-size=12000', fileURLToPath(import.meta.url), '--child', scale, String(factor), out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${scale} ×${factor} failed:\n${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1));
    console.log(`| ${scale}${factor === 1 ? '' : ` ×${factor}`} | ${m.records} | ${m.payments} | ${m.persons} | ${m.findings} | ${(m.ms / 1000).toFixed(1)} | ${(m.cpuMs / 1000).toFixed(1)} | ${m.rssMb} |`);
    rmSync(out, { recursive: true, force: true });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
