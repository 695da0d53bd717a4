// Loading benchmark: the CSV scanner alone and the whole `loadData` path on a payments file
// (default: 1.5 million generated rows, Chinese names, UTF-8; `--gb18030` re-encodes it).
// Not a test. Runs the built packages: `pnpm build` first.
//
//   node bench/load-csv.mjs                       # generate 1.5M rows into bench/out, measure
//   node bench/load-csv.mjs --rows 300000         # another size
//   node bench/load-csv.mjs --gb18030             # the same rows in GB18030
//   node bench/load-csv.mjs path/to/payments.csv  # your own file (the folder is loaded)
//
// Each measurement runs in its own process so that peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (pkg, file) => path.join(root, 'packages', pkg, 'dist', file);
if (!existsSync(dist('adapters', 'csv.js')) || !existsSync(dist('core', 'index.js'))) {
  console.error('bench/load-csv.mjs runs the built packages: run `pnpm build` first.');
  process.exit(2);
}

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

// ------------------------------------------------------------------ child: one measurement
if (flag('--measure')) {
  const file = option('--file');
  const what = option('--measure');
  const bytes = statSync(file).size;
  const t = performance.now();
  let rows = 0;
  let rejected = 0;
  if (what === 'parse') {
    const { CsvScanner, decodeText } = await import(dist('adapters', 'csv.js'));
    const { text } = decodeText(readFileSync(file), file);
    const scanner = new CsvScanner(text, { file });
    for (;;) {
      const batch = [];
      const lines = [];
      const n = scanner.read(batch, lines, 2048);
      if (n === 0) break;
      rows += n;
    }
    rows -= 1; // the header
  } else {
    const { loadData } = await import(dist('core', 'index.js'));
    const { createCsvSource } = await import(dist('adapters', 'csv.js'));
    const data = await loadData(createCsvSource({ dir: path.dirname(file) }), { datasets: ['payments'] });
    rows = data.counts.payments.loaded + data.counts.payments.rejected;
    rejected = data.counts.payments.rejected;
  }
  const ms = performance.now() - t;
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ what, bytes, rows, rejected, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

// ------------------------------------------------------------------ parent: data, runs, table
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const id = (body) => {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (body.charCodeAt(i) - 48) * W[i];
  return body + '10X98765432'[s % 11];
};
const pad = (n, w) => String(n).padStart(w, '0');

/** A payments CSV like a county's year: ~125k people paid monthly by a few dozen funds. */
function generate(file, n, gb18030) {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = ['秀英', '建国', '桂兰', '志强', '小明', '淑珍', '海燕', '德福', '玉兰', '长青'];
  const people = Math.max(1, Math.round(n / 12));
  const lines = ['payment_id,fund_code,id_number,name,town_code,village_code,period,pay_date,amount,quantity,bank_account,account_holder_id_number,account_holder_name'];
  for (let i = 0; i < n; i++) {
    const p = i % people;
    const month = 1 + Math.floor(i / people) % 12;
    const pid = id(`420101${1930 + (p % 80)}${pad(1 + (p % 12), 2)}${pad(1 + (p % 28), 2)}${pad(p % 1000, 3)}`);
    const name = surnames[p % surnames.length] + given[p % given.length];
    const town = pad(p % 15, 3);
    const village = `420101${town}${pad(p % 20, 3)}`;
    const fund = p % 40;
    const amount = fund < 30 ? `${100 + (fund * 37) % 900}.00` : `${(p % 500) + 20}.${pad(p % 100, 2)}`;
    const qty = fund >= 35 ? (1 + (p % 40) / 4).toString() : '';
    lines.push(`P${pad(i, 9)},F${pad(fund, 3)},${pid},${name},420101${town},${village},2024-${pad(month, 2)},2024-${pad(month, 2)}-${pad(10 + (fund % 15), 2)},${amount},${qty},6221${pad(p, 15)},${pid},${name}`);
  }
  const text = lines.join('\r\n') + '\r\n';
  mkdirSync(path.dirname(file), { recursive: true });
  if (gb18030) {
    // Node cannot encode GB18030; iconv-lite is a dev dependency of the adapters.
    const iconv = spawnSync(process.execPath, ['-e', `process.stdout.write(require('iconv-lite').encode(require('fs').readFileSync(0, 'utf8'), 'gb18030'))`], {
      input: text,
      cwd: path.join(root, 'packages', 'adapters'),
      maxBuffer: 1 << 30,
    });
    if (iconv.status !== 0) throw new Error(iconv.stderr.toString());
    writeFileSync(file, iconv.stdout);
  } else {
    writeFileSync(file, text);
  }
}

const n = Number(option('--rows', '1500000'));
const gb = flag('--gb18030');
let file = args.find((a) => !a.startsWith('--') && a !== option('--rows', '') && a.endsWith('.csv'));
if (!file) {
  file = path.join(root, 'bench', 'out', `load-csv-${n}${gb ? '-gb18030' : ''}`, 'payments.csv');
  if (!existsSync(file)) {
    const t = performance.now();
    generate(file, n, gb);
    console.error(`generated ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

const run = (what) => {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', what, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${what} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
};

const repeats = Number(option('--repeat', '3'));
const best = (what) => {
  const all = Array.from({ length: repeats }, () => run(what));
  return all.reduce((a, b) => (b.ms < a.ms ? b : a));
};
const results = [best('parse'), best('load')];
const mb = results[0].bytes / 1e6;
console.log(`\n${path.relative(root, file)}: ${mb.toFixed(1)} MB, ${results[0].rows.toLocaleString('en')} rows${gb ? ', GB18030' : ''}`);
console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}; best of ${repeats}, each in its own process\n`);
console.log('| step | seconds | CPU s | MB/s | rows/s | peak RSS MB |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const label = r.what === 'parse' ? 'read + decode + CSV scan' : 'loadData (scan + map + normalise + reject)';
  console.log(`| ${label} | ${(r.ms / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${(mb / (r.ms / 1000)).toFixed(0)} | ${Math.round(r.rows / (r.ms / 1000)).toLocaleString('en')} | ${Math.round(r.peakRssMb)} |`);
}
