// Shared helpers of the benchmark scripts. Benchmarks run the built packages (dist/), so run
// `pnpm build` first (`pnpm bench` does).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(root, 'bench', 'out');

// SUNSHINE_BENCH_PACKAGES points at another packages/ folder (a frozen copy of the builds), so
// that a long benchmark is not disturbed by a rebuild.
const packages = process.env.SUNSHINE_BENCH_PACKAGES ?? path.join(root, 'packages');
export const core = await import(path.join(packages, 'core/dist/index.js'));
export const adapters = await import(path.join(packages, 'adapters/dist/index.js'));
export const stdlib = await import(path.join(packages, 'rules-stdlib/dist/index.js'));

/** Generates (once) a county of a scale and factor into bench/out; returns its folder. */
export async function county(scale, factor = 1, seed = 1) {
  const dir = path.join(outDir, `${scale}${factor === 1 ? '' : `-x${factor}`}-s${seed}`);
  if (!existsSync(path.join(dir, 'truth.json'))) {
    const gen = await import(path.join(packages, 'gen/dist/index.js'));
    const t = performance.now();
    await gen.generateCounty({ scale, seed, out: dir, scaleFactor: factor });
    process.stderr.write(`generated ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  return dir;
}

export function manifest(dir) {
  const p = path.join(dir, 'manifest.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
}

export async function load(dir) {
  const source = adapters.createFolderSource({ dir });
  const t = performance.now();
  const data = await core.loadData(source);
  return { data, ms: performance.now() - t };
}

export async function stdlibRules() {
  const pack = await core.loadPacks([stdlib.stdlibDir]);
  if (pack.problems.length) throw new Error(pack.problems.map(core.formatProblem).join('\n'));
  return pack.rules.map((r) => r.rule);
}

export function rssMb() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function records(data) {
  let n = 0;
  for (const t of data.tables.values()) n += t.length;
  return n;
}
