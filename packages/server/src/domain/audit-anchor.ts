/**
 * Anchors for the audit chain: a checkpoint records the chain's length and head hash at a
 * moment, signed with HMAC-SHA256 under a key kept outside the database. Whoever can write the
 * database but not read the key cannot delete the tail or re-hash a forged chain without the
 * checkpoints showing it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** One signed checkpoint (a line of the checkpoint file). */
export interface AuditCheckpoint {
  /** How many entries the log had (the seq of its last entry). */
  readonly entries: number;
  /** The hash of entry #entries. */
  readonly head: string;
  readonly at: string;
  /** HMAC-SHA256 over the other fields, hex. */
  readonly mac: string;
}

function macOf(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): string {
  return createHmac('sha256', key).update(`sunshine-audit-checkpoint\u001f${c.entries}\u001f${c.head}\u001f${c.at}`, 'utf8').digest('hex');
}

/**
 * @example
 * ```ts
 * const c = signCheckpoint(key, { entries: 120, head: '…', at: new Date().toISOString() });
 * checkpointValid(key, c); // true
 * ```
 */
export function signCheckpoint(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): AuditCheckpoint {
  return { entries: c.entries, head: c.head, at: c.at, mac: macOf(key, c) };
}

/** Whether a checkpoint's signature is right (constant-time comparison). */
export function checkpointValid(key: Buffer, c: AuditCheckpoint): boolean {
  if (typeof c.mac !== 'string' || !/^[0-9a-f]{64}$/.test(c.mac)) return false;
  return timingSafeEqual(Buffer.from(macOf(key, c), 'hex'), Buffer.from(c.mac, 'hex'));
}
