import { defineConfig } from 'tsup';
import { sunshineTsup } from '../../tsup.base.js';

export default defineConfig(sunshineTsup({ index: 'src/index.ts', testing: 'src/testing/index.ts' }));
