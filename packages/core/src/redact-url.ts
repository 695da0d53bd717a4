/**
 * Hides passwords in connection URLs, for messages, logs and records: the one redaction every
 * package uses (the CLI, the adapters, the SQL executors, the server's store, backups and import
 * records). In core, with no dependencies, so that the CLI's argument checks use it without
 * loading the adapters; `@sunshine/adapters` re-exports it with its database plumbing.
 */

/**
 * `scheme://user:password@` anywhere in a text (the user may be empty; the password runs to the
 * `@`, `/` included, but not past a `?` or `#`: `smtp://mail:25?from=a@b.cn` has no password),
 * or `user:password@host` at the start of the text or of a word, a connection string without
 * its scheme.
 */
const CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@?#]*@|(^|[\s`'"(=])([^\s:@/?#`'"(=]+):[^\s@/?#]*@/gi;

/**
 * The text with the password of every connection URL in it (`postgres://`, `mysql://`,
 * `smtp://`, any scheme) replaced by `***`; the user, host and database stay, for the reader to
 * know which connection it was.
 *
 * @example
 * ```ts
 * redactUrl('cannot connect to postgres://audit:s3cret@db:5432/county');
 * // 'cannot connect to postgres://audit:***@db:5432/county'
 * ```
 */
export function redactUrl(text: string): string {
  return text.replace(CREDENTIALS, (_, withScheme: string | undefined, before: string | undefined, user: string | undefined) =>
    withScheme !== undefined ? `${withScheme}:***@` : `${before ?? ''}${user ?? ''}:***@`,
  );
}
