import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, mariadbMissing, postgresMissing, skipUnless, startMariadb, startPostgres, type MariadbServer, type PostgresServer } from '@sunshine/test-servers';

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

describe('freePort', () => {
  it('gives a port nothing listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await listening(port)).toBe(false);
  });
});

describe.skipIf(skipUnless('PostgreSQL', postgresMissing()))('startPostgres', () => {
  let pg: PostgresServer | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());
  it('listens on its port until stopped', async () => {
    expect(pg!.url).toMatch(/^postgres:\/\/sunshine@127\.0\.0\.1:\d+\/postgres$/);
    expect(await listening(pg!.port)).toBe(true);
    await pg!.stop();
    expect(await listening(pg!.port)).toBe(false);
    pg = undefined;
  });
});

describe.skipIf(skipUnless('MariaDB', mariadbMissing()))('startMariadb', () => {
  let db: MariadbServer | undefined;
  beforeAll(async () => {
    db = await startMariadb();
  });
  afterAll(() => db?.stop());
  it('listens on its port until stopped', async () => {
    expect(db!.database).toBe('sunshine');
    expect(await listening(db!.port)).toBe(true);
    await db!.stop();
    expect(await listening(db!.port)).toBe(false);
    db = undefined;
  });
});
