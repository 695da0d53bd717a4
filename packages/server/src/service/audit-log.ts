/**
 * The audit log as the discipline commission reads and verifies it.
 */
import type { AuditEntry, AuditVerification } from '../domain/audit-chain.js';
import type { Principal } from '../domain/principal.js';
import type { ServiceContext } from './service-context.js';

/** Reading and verifying the audit log. */
export class AuditLog {
  readonly ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  async auditLog(p: Principal, options: { before?: number | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
    this.ctx.requireDiscipline(p, 'reads the audit log');
    return this.ctx.store.auditEntries({ ...(options.before === undefined ? {} : { afterSeq: options.before }), limit: Math.min(options.limit ?? 100, 1000), descending: true });
  }

  async verifyAudit(p: Principal): Promise<AuditVerification> {
    this.ctx.requireDiscipline(p, 'verifies the audit log');
    const v = await this.ctx.store.verifyAudit();
    await this.ctx.store.audit({ actor: p.id, role: p.role, action: 'audit.verify', target: 'audit_log', detail: { ok: v.ok, entries: v.entries, ...(v.broken ? { broken: v.broken.seq } : {}) } });
    return v;
  }
}
