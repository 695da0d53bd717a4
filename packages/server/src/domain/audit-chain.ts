/**
 * The audit log's hash chain: each entry's hash is SHA-256 over the previous entry's hash and
 * the entry's own fields, so editing, deleting or reordering any entry breaks every later link.
 */
import { createHash } from 'node:crypto';

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that its hash covers. */
export interface AuditEntryFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  /** JSON text, as stored. */
  readonly detail: string;
}

export interface AuditEntry extends AuditEntryFields {
  readonly prev_hash: string;
  readonly hash: string;
}

/** The hash of an entry given the previous hash. */
export function auditHash(prevHash: string, e: AuditEntryFields): string {
  return createHash('sha256')
    .update([prevHash, String(e.seq), e.at, e.actor, e.role, e.action, e.target, e.detail].join('\u001f'), 'utf8')
    .digest('hex');
}

/** What verifying the chain found. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Entries checked. */
  readonly entries: number;
  /** The hash of the last entry (the chain's head), to keep elsewhere as a witness. */
  readonly head: string;
  /** The first broken entry, if any. */
  readonly broken?: { readonly seq: number; readonly reason: string };
}

/**
 * Checks a run of entries in order. `prevHash` and `expectedSeq` continue a check done in pages.
 *
 * @example
 * ```ts
 * const v = verifyAuditEntries(rows);
 * if (!v.ok) console.error(`audit log broken at #${v.broken!.seq}: ${v.broken!.reason}`);
 * ```
 */
export function verifyAuditEntries(entries: Iterable<AuditEntry>, prevHash = GENESIS_HASH, expectedSeq = 1): AuditVerification {
  let prev = prevHash;
  let seq = expectedSeq;
  let n = 0;
  for (const e of entries) {
    n++;
    if (e.seq !== seq) return { ok: false, entries: n, head: prev, broken: { seq: e.seq, reason: `expected entry #${seq} next, found #${e.seq} (an entry was removed)` } };
    if (e.prev_hash !== prev) return { ok: false, entries: n, head: prev, broken: { seq: e.seq, reason: 'its link to the previous entry does not match (an earlier entry was changed or removed)' } };
    if (auditHash(prev, e) !== e.hash) return { ok: false, entries: n, head: prev, broken: { seq: e.seq, reason: 'its content does not match its hash (the entry was changed)' } };
    prev = e.hash;
    seq++;
  }
  return { ok: true, entries: n, head: prev };
}
