// One `sunshine …` command as a user runs it (the built CLI, in this process so that its peak RSS
// is measured), timed from this script's start: Node's start-up, loading, running, writing.
// Usage: node bench/cli-run.mjs ARG… → the CLI's stderr, then one JSON line on fd 3 (or stdout
// when fd 3 is closed): { ms, cpuMs (user + system, every thread), rssMb, code }.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Not bench-lib.mjs: it imports the packages, which the command must load in its own time.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const t0 = performance.timeOrigin;
process.argv = [process.argv[0], 'sunshine', ...process.argv.slice(2)];
process.on('exit', (code) => {
  const cpu = process.cpuUsage();
  const line = `${JSON.stringify({ ms: Math.round(Date.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(process.resourceUsage().maxRSS / 1024), code })}\n`;
  try {
    writeSync(3, line);
  } catch {
    writeSync(1, line);
  }
});
const packages = process.env.SUNSHINE_BENCH_PACKAGES ?? path.join(root, 'packages');
await import(path.join(packages, 'cli/dist/bin.js'));
