// Writes schema/mapping.schema.json from the zod definition (run with tsx, which reads the
// TypeScript source): pnpm --filter @sunshine/adapters run schema
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { mappingJsonSchema } from '../src/mapping/mapping-schema.ts';

const out = new URL('../schema/mapping.schema.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${out.pathname}\n`);
