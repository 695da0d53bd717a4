/**
 * The audit log as the discipline commission reads and verifies it, and its anchors: signed
 * checkpoints of the chain's head written to a file outside the database (with `auditKeyFile`),
 * and alert states checked against their event history.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkpointValid, signCheckpoint, type AuditCheckpoint } from '../domain/audit-anchor.js';
import type { AuditEntry, AuditVerification } from '../domain/audit-chain.js';
import type { Principal } from '../domain/principal.js';
import { ServerError } from '../server-error.js';
import type { ServiceContext } from './service-context.js';

/** What verifying the audit log found: the chain, its signed checkpoints and the alert states. */
export interface AuditReport extends AuditVerification {
  /** The checkpoints checked (null when the server has no audit key). */
  readonly checkpoints: { readonly checked: number; readonly latest: { readonly entries: number; readonly at: string } | null } | null;
  /** Alerts whose state is not the one their event history leads to (set in the database directly). */
  readonly alert_states: { readonly checked: number; readonly mismatched: readonly { readonly seq: number; readonly state: string; readonly history: string | null }[] };
}

const isErrno = (e: unknown, code: string): boolean => (e as NodeJS.ErrnoException | null)?.code === code;

/** Reading, verifying and anchoring the audit log. */
export class AuditLog {
  readonly ctx: ServiceContext;
  #key: Promise<Buffer> | undefined;
  #lastCheckpoint = 0;

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  get #checkpointFile(): string | undefined {
    const key = this.ctx.opts.auditKeyFile;
    if (!key) return undefined;
    return this.ctx.opts.auditCheckpointFile ?? join(dirname(key), 'audit-checkpoints.jsonl');
  }

  /** The key: read from `auditKeyFile`, or made there (32 random bytes, hex, mode 0600) when the file does not exist. */
  #keyOf(file: string): Promise<Buffer> {
    this.#key ??= (async () => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) throw new ServerError('CONFIG', `cannot read the audit key ${file}: ${(e as Error).message}`, {}, { cause: e });
        text = randomBytes(32).toString('hex');
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
      }
      const key = Buffer.from(text.trim(), 'utf8');
      if (key.length < 32) throw new ServerError('CONFIG', `the audit key ${file} is too short: give at least 32 characters (e.g. \`openssl rand -hex 32 > ${file}\`)`);
      return key;
    })();
    this.#key.catch(() => (this.#key = undefined));
    return this.#key;
  }

  async auditLog(p: Principal, options: { before?: number | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
    this.ctx.requireOversight(p, 'read the audit log');
    return this.ctx.store.auditEntries({ ...(options.before === undefined ? {} : { afterSeq: options.before }), limit: Math.min(options.limit ?? 100, 1000), descending: true });
  }

  /**
   * Appends a signed checkpoint of the chain's current head to the checkpoint file (when an
   * audit key is configured and the log grew since the last one). Returns it.
   */
  async checkpoint(): Promise<AuditCheckpoint | undefined> {
    const keyFile = this.ctx.opts.auditKeyFile;
    const file = this.#checkpointFile;
    if (!keyFile || !file) return undefined;
    const key = await this.#keyOf(keyFile);
    const head = await this.ctx.store.auditHead();
    if (!head || head.entries === this.#lastCheckpoint) return undefined;
    const c = signCheckpoint(key, { entries: head.entries, head: head.hash, at: this.ctx.nowIso() });
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(c)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    this.#lastCheckpoint = head.entries;
    return c;
  }

  async #checkCheckpoints(): Promise<{ checked: number; latest: { entries: number; at: string } | null; broken?: { seq: number; reason: string } } | null> {
    const keyFile = this.ctx.opts.auditKeyFile;
    const file = this.#checkpointFile;
    if (!keyFile || !file) return null;
    const key = await this.#keyOf(keyFile);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const last = await this.ctx.store.auditHead();
    let latest: { entries: number; at: string } | null = null;
    for (const [i, line] of lines.entries()) {
      let c: AuditCheckpoint;
      try {
        c = JSON.parse(line) as AuditCheckpoint;
      } catch {
        return { checked: i, latest, broken: { seq: 0, reason: `checkpoint line ${i + 1} of ${file} is not JSON (the checkpoint file was edited)` } };
      }
      if (!checkpointValid(key, c)) return { checked: i, latest, broken: { seq: c.entries, reason: `checkpoint line ${i + 1} of ${file} has a wrong signature (the checkpoint file was edited)` } };
      const hash = await this.ctx.store.auditHashAt(c.entries);
      if (hash === undefined) {
        return { checked: i + 1, latest, broken: { seq: (last?.entries ?? 0) + 1, reason: `the signed checkpoint of ${c.at} records ${c.entries} entries, the log now ends at #${last?.entries ?? 0}: entries were removed (deleted tail)` } };
      }
      if (hash !== c.head) return { checked: i + 1, latest, broken: { seq: c.entries, reason: `entry #${c.entries} differs from the signed checkpoint of ${c.at}: the chain was rewritten` } };
      latest = { entries: c.entries, at: c.at };
    }
    return { checked: lines.length, latest };
  }

  async verifyAudit(p: Principal): Promise<AuditReport> {
    this.ctx.requireOversight(p, 'verify the audit log');
    const chain = await this.ctx.store.verifyAudit();
    const cps = await this.#checkCheckpoints();
    const mismatched = await this.ctx.store.alertStateMismatches();
    const alerts = await this.ctx.store.alertCount();
    const broken = chain.broken ?? cps?.broken;
    const v: AuditReport = {
      ok: chain.ok && !cps?.broken && mismatched.length === 0,
      entries: chain.entries,
      head: chain.head,
      ...(broken ? { broken } : {}),
      checkpoints: cps ? { checked: cps.checked, latest: cps.latest } : null,
      alert_states: { checked: alerts, mismatched },
    };
    await this.ctx.store.audit({
      actor: p.id,
      role: p.role,
      action: 'audit.verify',
      target: 'audit_log',
      detail: { ok: v.ok, entries: v.entries, ...(v.broken ? { broken: v.broken.seq } : {}), ...(cps ? { checkpoints: cps.checked } : {}), ...(mismatched.length ? { alert_states: mismatched.map((m) => m.seq) } : {}) },
    });
    return v;
  }
}
