import { defineConfig } from 'tsup';
import { sunshineTsup } from '../../tsup.base.js';

export default defineConfig(
  sunshineTsup({
    index: 'src/index.ts',
    duckdb: 'src/duckdb.ts',
    postgres: 'src/postgres.ts',
  }),
);
