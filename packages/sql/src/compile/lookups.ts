/**
 * Lookups: a lookup's matches as a relation — keyed rows of a dataset, a person's household —
 * for correlated subqueries, `EXISTS` and first-match joins.
 */
import type { LookupPlan } from '@sunshine/core';
import { ROW_COLUMN } from '../sql-connection.js';
import type { Built, Part, RecordValue, Relation, RelationField, Scalar, SqlType, Unknown } from '../sql-values.js';
import { esc, NUM_FIELDS, type CompileContext, type Scope, type SqlCondition } from './context.js';
import { cond } from './conditions.js';
import { expr } from './expressions.js';
import { field, inField } from './relations.js';
import { text, unk } from './scalars.js';

/** A lookup's matches as a relation (its `where` applied). */
export function lookup(cx: CompileContext, l: LookupPlan, scope: Scope, ptr: string): Relation | Unknown {
  if (scope.flat) return unk('a lookup inside an aggregate of the grouping query');
  const ds = cx.dataset(l.dataset);
  const whereOn = (el: RecordValue, over: boolean): SqlCondition => {
    if (!l.where) return { sql: 'TRUE', exact: true };
    const names = new Map(scope.names);
    names.set(l.name, { k: 'v', v: el });
    return cond(cx, l.where, { ...scope, names }, over, `${ptr}/where`);
  };
  const and = (...xs: string[]): string => {
    const ys = xs.filter((x) => x !== 'TRUE');
    return ys.length ? ys.join(' AND ') : 'TRUE';
  };
  if (l.kind === 'household') {
    const id = expr(cx, l.householdOf!, scope, `${ptr}/householdOf`);
    if (id.k !== 'sc') return unk('a household of a value that is not one ID number');
    const idSql = id.t === 'text' ? id.sql : 'NULL';
    const p1 = cx.person1();
    const hh = `(SELECT p.${cx.q('household_id')} FROM ${p1} AS p WHERE p.${cx.q('id_number')} = ${idSql})`;
    const cols = ds.fields.map((f) => cx.q(f.name));
    const m = cx.alias();
    const standIn = ds.fields.map((f) => (f.name === 'id_number' ? `${idSql} AS ${cx.q(f.name)}` : `CAST(NULL AS ${cx.d.columnType(f.type)}) AS ${cx.q(f.name)}`));
    const derived = `(SELECT ${cols.map((c) => `${m}.${c}`).join(', ')}, ${m}.${cx.q(ROW_COLUMN)} FROM ${cx.q(ds.name)} AS ${m} WHERE ${m}.${cx.q('household_id')} = ${hh} UNION ALL SELECT ${standIn.join(', ')}, CAST(NULL AS BIGINT) AS ${cx.q(ROW_COLUMN)} WHERE ${idSql} IS NOT NULL AND ${hh} IS NULL)`;
    const standInCols: Record<string, Scalar> = {};
    for (const f of ds.fields) standInCols[f.name] = f.name === 'id_number' ? text(idSql, 'none') : { k: 'sc', t: 'null', sql: 'NULL', nul: 'null' };
    return {
      k: 'rel',
      ds,
      loadOrder: true,
      orderBy: [],
      standIn: true,
      build: (x, over) => {
        const w = whereOn({ k: 'rec', ds, alias: x, standIn: true }, over);
        return { from: `${derived} AS ${x}`, where: w.sql, exact: w.exact };
      },
      parts: (x, over) => {
        if (id.t !== 'text') return [];
        const members: RecordValue = { k: 'rec', ds, alias: x };
        const w1 = whereOn(members, over);
        const lone: RecordValue = { k: 'rec', ds, cols: standInCols };
        const w2 = whereOn(lone, over);
        const registered = `EXISTS (SELECT 1 FROM ${p1} AS p WHERE p.${cx.q('id_number')} = ${idSql} AND p.${cx.q('household_id')} IS NOT NULL)`;
        return [
          { from: `${cx.household()} AS ${x}`, where: and(`${x}.${cx.q('_of')} = ${idSql}`, w1.sql), exact: w1.exact, elem: members },
          { from: '', where: and(`${idSql} IS NOT NULL`, `NOT ${registered}`, w2.sql), exact: w2.exact, elem: lone },
        ];
      },
    };
  }
  const keys = l.on.map((o) => ({ field: o.field, v: expr(cx, o.expr, scope, `${ptr}/on/${esc(o.field)}`) }));
  const loadOrder = keys.every((k) => k.v.k === 'sc');
  const kindOf = (field: string): SqlType => (NUM_FIELDS.has(ds.fields.find((y) => y.name === field)!.type) ? 'num' : 'text');
  /** The key conditions on `x` (skipping key `skip`, joined instead). */
  const keyConds = (x: string, over: boolean, skip: number): { conds: string[]; exact: boolean } => {
    const conds: string[] = [];
    let exact = true;
    keys.forEach(({ field, v }, i) => {
      if (i === skip) return;
      const col = `${x}.${cx.q(field)}`;
      const kt = kindOf(field);
      const eq = (s: Scalar): string => (s.t === kt ? `${col} = ${s.sql}` : 'FALSE');
      if (v.k === 'sc' && !v.err && !v.upper) conds.push(eq(v));
      else if (v.k === 'lst' || v.k === 'relf') {
        const ors: string[] = [];
        for (const it of v.k === 'lst' ? v.items : [v]) {
          if (it.k === 'sc') ors.push(eq(it));
          else {
            const m = inField(cx, col, kt, it, over);
            ors.push(m.sql);
            exact &&= m.exact;
          }
        }
        conds.push(ors.length === 0 ? 'FALSE' : ors.length === 1 ? ors[0]! : `(${ors.join(' OR ')})`);
      } else {
        exact = false;
        if (!over) conds.push('FALSE');
      }
    });
    return { conds, exact };
  };
  const build = (x: string, over: boolean): Built => {
    const k = keyConds(x, over, -1);
    const w = whereOn({ k: 'rec', ds, alias: x }, over);
    return { from: `${cx.q(ds.name)} AS ${x}`, where: and(...k.conds, w.sql), exact: k.exact && w.exact };
  };
  const simple = !l.where && keys.every((k) => k.v.k === 'sc' && !k.v.err && k.v.t === kindOf(k.field));
  return {
    k: 'rel',
    ds,
    loadOrder,
    orderBy: l.orderBy,
    ...(simple ? { firstBy: keys.map((k) => ({ field: k.field, sql: (k.v as Scalar).sql })) } : {}),
    build,
    parts: (x, over) => {
      const elem: RecordValue = { k: 'rec', ds, alias: x };
      const j = keys.findIndex((k) => k.v.k === 'lst' || k.v.k === 'relf');
      if (j < 0) return [{ ...build(x, over), elem }];
      // A key from a list of records: a join per part of that list, not a nested subquery.
      const { field: keyField, v } = keys[j]!;
      const col = `${x}.${cx.q(keyField)}`;
      const kt = kindOf(keyField);
      const rest = keyConds(x, over, j);
      const w = whereOn(elem, over);
      const out: Part[] = [];
      for (const it of v.k === 'lst' ? v.items : [v as RelationField]) {
        if (it.k === 'sc') {
          if (it.t === kt) out.push({ from: `${cx.q(ds.name)} AS ${x}`, where: and(`${col} = ${it.sql}`, ...rest.conds, w.sql), exact: rest.exact && w.exact, elem });
          continue;
        }
        for (const p of it.rel.parts(cx.alias(), over)) {
          const f = field(cx, p.elem, it.field);
          if (f.k !== 'sc' || f.t !== kt) continue;
          const exact = p.exact && rest.exact && w.exact;
          if (!p.from) out.push({ from: `${cx.q(ds.name)} AS ${x}`, where: and(`${col} = ${f.sql}`, p.where, ...rest.conds, w.sql), exact, elem });
          else out.push({ from: `${p.from} JOIN ${cx.q(ds.name)} AS ${x} ON ${col} = ${f.sql}`, where: and(p.where, ...rest.conds, w.sql), exact, elem });
        }
      }
      return out;
    },
  };
}
