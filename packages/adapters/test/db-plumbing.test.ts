// The database plumbing the adapters, the SQL executors and the server share: one password
// redaction (it replaced six copies in three variants), one lazy driver import, the pg parsers.
import { describe, expect, it } from 'vitest';
import { SunshineError } from '@sunshine/core';
import { AdapterError, importDriver, PG_TEXT_TYPES, pgTypesInt8AsNumber, redactUrl } from '@sunshine/adapters';

/** The copies redactUrl replaced, as they were. */
const OLD = {
  // CLI (default-library, resolve-run-options) and the SQL executor: the password stops at `/`.
  userNoSlash: (u: string) => u.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
  // The server's store and its import records: the password may hold `/`.
  userSlash: (u: string) => u.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@'),
  // Backups: any `:…@` without `/` or `:`.
  colonNoColon: (u: string) => u.replace(/:[^@/:]*@/, ':***@'),
  // The server's `database` option check: any `:…@` without `/`.
  colon: (u: string) => u.replace(/:[^@/]*@/, ':***@'),
};

describe('redactUrl', () => {
  it.each([
    // [text, redacted, the old variants that gave the same]
    ['postgres://audit:s3cret@db:5432/county', 'postgres://audit:***@db:5432/county', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['postgresql://sunshine:pw@127.0.0.1/sunshine?sslmode=require', 'postgresql://sunshine:***@127.0.0.1/sunshine?sslmode=require', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['mysql://root:p%40ss@10.0.0.2:3306/yktff', 'mysql://root:***@10.0.0.2:3306/yktff', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['smtp://mailer:pw@mail.example.cn:465?from=a@example.cn&to=b@example.cn', 'smtp://mailer:***@mail.example.cn:465?from=a@example.cn&to=b@example.cn', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['cannot connect to postgres://nobody:x@127.0.0.1:1/none: ECONNREFUSED', 'cannot connect to postgres://nobody:***@127.0.0.1:1/none: ECONNREFUSED', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['postgres://u:a/b@h/db', 'postgres://u:***@h/db', ['userSlash']],
    ['postgres://u:a:b@h/db', 'postgres://u:***@h/db', ['userNoSlash', 'userSlash', 'colon']],
    ['postgres://:pw@h/db', 'postgres://:***@h/db', ['colonNoColon', 'colon']],
    ['audit:s3cret@db/county', 'audit:***@db/county', ['colonNoColon', 'colon']],
    // Nothing to hide: unchanged by every variant.
    ['postgres://sunshine@127.0.0.1:5432/county', 'postgres://sunshine@127.0.0.1:5432/county', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['postgres://127.0.0.1:5432/county', 'postgres://127.0.0.1:5432/county', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['/var/lib/sunshine/state.db', '/var/lib/sunshine/state.db', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    ['pg_dump: error: connection to server at "db" (10.0.0.2), port 5432 failed', 'pg_dump: error: connection to server at "db" (10.0.0.2), port 5432 failed', ['userNoSlash', 'userSlash', 'colonNoColon', 'colon']],
    // Where the old ones went wrong: an smtp:// URL without a password but with addresses in its query…
    ['smtp://mail.example.cn:25?from=a@example.cn', 'smtp://mail.example.cn:25?from=a@example.cn', []],
    // …and every URL in a text, not the first only.
    ['from postgres://a:1@h1/x to mysql://b:2@h2/y', 'from postgres://a:***@h1/x to mysql://b:***@h2/y', []],
  ] as const)('%s', (text, redacted, same) => {
    expect(redactUrl(text)).toBe(redacted);
    for (const [name, old] of Object.entries(OLD)) {
      if ((same as readonly string[]).includes(name)) expect([name, old(text)]).toEqual([name, redacted]);
    }
  });
});

describe('importDriver', () => {
  const missing = (): Promise<unknown> => import(['sunshine', 'no', 'such', 'driver'].join('-'));

  it("says what to install, or throws the caller's own error", async () => {
    const e = await importDriver('pg', 'read PostgreSQL databases', missing).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AdapterError);
    expect(e).toBeInstanceOf(SunshineError);
    expect((e as Error).message).toMatch(/^Cannot import `pg`, needed to read PostgreSQL databases\. Install it next to @sunshine\/adapters \(`pnpm add pg`\)/);
    const own = await importDriver('pg', 'x', missing, (cause) => new Error('own', { cause })).catch((x: unknown) => x);
    expect(own).toMatchObject({ message: 'own' });
    expect((own as Error).cause).toBeInstanceOf(Error);
  });

  it('unwraps a CommonJS default export', async () => {
    expect(await importDriver<{ a: number }>('x', 'y', () => Promise.resolve({ default: { a: 1 } }))).toEqual({ a: 1 });
  });
});

describe('pg type parsers', () => {
  it('read every value as text, or int8 as a number over pg’s own', () => {
    expect(PG_TEXT_TYPES.getTypeParser()('9007199254740993')).toBe('9007199254740993');
    const types = pgTypesInt8AsNumber({ getTypeParser: (oid) => (v: string) => `${oid}:${v}` });
    expect(types.getTypeParser(20)('42')).toBe(42);
    expect(types.getTypeParser(1082)('2024-01-31')).toBe('1082:2024-01-31');
  });
});
