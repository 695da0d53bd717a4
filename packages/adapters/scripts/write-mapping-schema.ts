// Writes schema/mapping.schema.json from the zod definition. Run: pnpm --filter @sunshine/adapters run schema
import { writeFileSync } from 'node:fs';
import { mappingJsonSchema } from '../src/mapping/mapping-schema.js';

const out = new URL('../schema/mapping.schema.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out.pathname}`);
