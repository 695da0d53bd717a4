import { defineConfig } from 'tsup';
import { sunshineTsup } from '../../tsup.base.js';

export default defineConfig(
  sunshineTsup({
    index: 'src/index.ts',
    csv: 'src/csv.ts',
    json: 'src/json.ts',
    xlsx: 'src/xlsx.ts',
    sqlite: 'src/sqlite.ts',
    postgres: 'src/postgres.ts',
    mysql: 'src/mysql.ts',
  }),
);
