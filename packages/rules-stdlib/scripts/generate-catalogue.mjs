// Writes the package's generated files (CATALOGUE.md, presets/*.json, src/preset-rule-ids.ts,
// schema/rule-pack.schema.json) from the rule files. Run: pnpm --filter @sunshine/rules-stdlib catalogue
// `--rules DIR` generates from another copy of the rule folder (e.g. the committed one).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { argv, stdout } from 'node:process';
import { generatedFiles } from '../src/generated-files.ts';
import { packageDir } from '../src/stdlib-dir.ts';

let changed = 0;
const at = argv.indexOf('--rules');
const dir = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]) : undefined;
for (const f of await generatedFiles(dir ? { dir } : {})) {
  const file = path.join(packageDir, f.path);
  const old = await readFile(file, 'utf8').catch(() => undefined);
  if (old === f.content) continue;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, f.content);
  changed++;
  stdout.write(`wrote ${f.path}\n`);
}
stdout.write(changed === 0 ? 'generated files are up to date\n' : `${changed} file(s) written\n`);
