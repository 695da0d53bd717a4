/**
 * `sunshine serve --backup FILE` and `--restore FILE [--force]`: one-shot commands beside
 * `--create-user`, on the state the other flags name (`--state` / `--database`, `--audit-key`,
 * `--audit-checkpoints`).
 */
import type { ServerOptions } from './create-server.js';
import { backupState, restoreState, type StateLocation } from './store/backup.js';

interface Io {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const locationOf = (o: ServerOptions): StateLocation => ({ stateDir: o.stateDir, database: o.database, auditKeyFile: o.auditKeyFile, auditCheckpointFile: o.auditCheckpointFile });

/** Runs `--backup` or `--restore`; returns the exit code (0, or 2 with the reason on stderr). */
export async function runBackupOrRestore(args: { backup?: string | undefined; restore?: string | undefined; force?: boolean | undefined }, options: ServerOptions, io: Io): Promise<number> {
  try {
    if (args.backup !== undefined && args.restore !== undefined) throw new Error('give `--backup` or `--restore`, not both');
    if (args.backup !== undefined) {
      const m = await backupState(locationOf(options), args.backup, io.env);
      io.stdout.write(`backed up ${m.engine} state (schema ${m.schema_version}, ${m.audit?.entries ?? 0} audit entries${m.audit && !m.audit.verified ? ', CHAIN DOES NOT VERIFY' : ''}) to ${args.backup}: ${m.parts.map((p) => p.name).join(', ')}\n`);
      io.stdout.write('not included: the audit key — keep it apart from the backups; a restore needs the same key\n');
      if (m.audit && !m.audit.verified) io.stderr.write('warning: the audit chain of the backed-up state does not verify (kept as it is, as evidence)\n');
      return 0;
    }
    const r = await restoreState(locationOf(options), args.restore ?? '', { force: args.force ?? false, env: io.env });
    io.stdout.write(`restored the backup of ${r.manifest.created_at} (Sunshine ${r.manifest.sunshine_version}, schema ${r.manifest.schema_version}) into ${r.target}${r.migrated.length ? `, migrated to ${r.migrated.join(', ')}` : ''}; audit chain verifies (${r.audit.entries} entries${r.audit.checkpoints === null ? '' : `, ${r.audit.checkpoints} signed checkpoints`}); the restore is recorded in it\n`);
    for (const f of r.setAside) io.stdout.write(`set aside: ${f}\n`);
    return 0;
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return 2;
  }
}
