// Writes schema/sunshine.config.schema.json from the zod definition (generated; do not edit the JSON by hand).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sunshineConfigJsonSchema } from '../src/config/sunshine-config.ts';

writeFileSync(join(import.meta.dirname, '..', 'schema', 'sunshine.config.schema.json'), `${JSON.stringify(sunshineConfigJsonSchema(), null, 2)}\n`);
