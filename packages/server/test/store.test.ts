import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { createSqliteDatabase } from '../src/index.js';
import { storeContract } from './store-contract.js';

describe('SQLite state store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sunshine-store-'));
  storeContract(
    () => createSqliteDatabase({ file: join(dir, 'state.db') }),
    async (db) => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
