/**
 * Emission: a matched subject becomes a {@link Finding} — its key, messages, department,
 * amount, location (a town found from the village through `regions` when not given),
 * evidence records, fingerprint and evidence hash.
 */
import * as crypto from 'node:crypto';
import { AmountError } from '../../dsl/expression/expression-error.js';
import type { EvidenceRecord, Finding } from '../../findings/finding.js';
import { BY_VILLAGE, REGIONS } from '../../schema/household.js';
import type { Rec } from '../data-runtime.js';
import { asList, type Ctx } from '../rule-context.js';
import type { RuleCompilation } from '../rule-compilation.js';
import { compileTemplate } from './compile-template.js';

// The one-shot `crypto.hash` (Node ≥ 20.12) is several times faster than a Hash object for
// short inputs (screening emits a finding in a few microseconds); the same digest either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha: (s: string) => string = oneShot
  ? (s) => oneShot('sha256', s, 'hex').slice(0, 32)
  : (s) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The fingerprint of a finding: stable for the same rule and key. */
export function fingerprintOf(rule: string, key: string): string {
  return sha(`${rule}|${key}`);
}

/** A rule's emission: the key of the current subject, and its finding. */
export interface Emitter {
  readonly key: (ctx: Ctx) => string;
  readonly emit: (ctx: Ctx, key: string) => Finding;
}

/** Compiles the plan's emission (key and message templates, locate, evidence). */
export function createEmitter(cc: RuleCompilation): Emitter {
  const { plan, rt, registry } = cc;
  const expr = cc.expr;
  const keyTpl = compileTemplate(cc, plan.emit.key);
  const msgZh = compileTemplate(cc, plan.emit.message.zh);
  const msgEn = compileTemplate(cc, plan.emit.message.en);
  const dept = plan.emit.department ? expr(plan.emit.department) : undefined;
  const amountOf = plan.emit.amount !== undefined ? expr(plan.emit.amount) : undefined;
  const amount = (ctx: Ctx): number | null => {
    if (!amountOf) return null;
    const v = amountOf(ctx);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new AmountError(plan.emit.amount!, v);
    return v;
  };
  const loc = {
    id_number: plan.emit.locate.id_number ? expr(plan.emit.locate.id_number) : undefined,
    village_code: plan.emit.locate.village_code ? expr(plan.emit.locate.village_code) : undefined,
    town_code: plan.emit.locate.town_code ? expr(plan.emit.locate.town_code) : undefined,
  };
  const regions = !loc.town_code && loc.village_code && rt.has(REGIONS) ? rt.index(REGIONS, BY_VILLAGE) : undefined;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
  const evidenceOf = (ctx: Ctx): EvidenceRecord[] => {
    const out: EvidenceRecord[] = [];
    for (const role of plan.emit.evidence) {
      let ds: string;
      let v: unknown;
      if (role === 'subject') {
        ds = plan.subject.dataset;
        v = ctx.subject;
      } else if (role === 'rows') {
        ds = plan.subject.dataset;
        v = ctx.rows;
      } else {
        ds = plan.lookups.find((l) => l.name === role)!.dataset;
        v = ctx[role];
      }
      const idField = registry.get(ds)?.idField;
      for (const r of asList(v)) {
        const rec = r as Rec;
        out.push({ role, dataset: ds, id: idField ? str(rec[idField]) : null, record: rec });
      }
    }
    return out;
  };
  const emit = (ctx: Ctx, key: string): Finding => {
    const village = loc.village_code ? str(loc.village_code(ctx)) : null;
    let town = loc.town_code ? str(loc.town_code(ctx)) : null;
    if (!town && village && regions) town = str(regions.get(village)?.[0]?.['town_code']);
    const evidence = evidenceOf(ctx);
    return {
      rule: plan.id,
      category: plan.category,
      severity: plan.severity,
      key,
      department_code: dept ? str(dept(ctx)) : null,
      town_code: town,
      village_code: village,
      id_number: loc.id_number ? str(loc.id_number(ctx)) : null,
      amount: amount(ctx),
      title: plan.title,
      message: { zh: msgZh(ctx), en: msgEn(ctx) },
      evidence,
      fingerprint: fingerprintOf(plan.id, key),
      evidence_hash: sha(JSON.stringify(evidence.map((e) => [e.role, e.dataset, e.record]))),
    };
  };
  return { key: keyTpl, emit };
}
