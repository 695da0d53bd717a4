import { defineConfig } from 'tsup';
import { sunshineTsup } from '../../tsup.base.js';

export default defineConfig(sunshineTsup({ index: 'src/index.ts', bin: 'src/bin.ts', 'run-worker': 'src/service/run-worker.ts' }));
