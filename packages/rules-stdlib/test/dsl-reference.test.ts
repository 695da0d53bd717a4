/**
 * The DSL reference in both languages (docs/rules-dsl.md, docs/rules-dsl.zh-CN.md) names every
 * condition operator, expression function and aggregate the core's registries hold, and the
 * glossary (docs/glossary.zh-CN.md) explains every property a rule may have: a new one without
 * its documentation fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AggregateOps, BUILTIN_FUNCTIONS, BUILTIN_OPERATORS, RuleSchema } from '@sunshine/core';

const docs = path.resolve(import.meta.dirname, '../../../docs');
const read = (name: string): string => readFileSync(path.join(docs, name), 'utf8');

/** The first cells of the page's table rows. */
function firstCells(md: string): string[] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) => l.split(/(?<!\\)\|/)[1] ?? '');
}

/** The names of `kind` that no first cell of a table row names (`name` in backticks, functions as `$name`). */
function undocumented(md: string, names: readonly string[], kind: 'operator' | 'function' | 'aggregate'): string[] {
  const cells = firstCells(md);
  return names.filter((n) => !cells.some((c) => (kind === 'function' ? new RegExp(`\\$${n}(?![\\w])`).test(c) : c.includes(`\`${n}\``))));
}

describe.each(['rules-dsl.md', 'rules-dsl.zh-CN.md'])('docs/%s', (page) => {
  const md = read(page);

  it('has a table row for every condition operator', () => {
    expect(undocumented(md, Object.keys(BUILTIN_OPERATORS), 'operator')).toEqual([]);
  });

  it('has a table row for every expression function', () => {
    expect(undocumented(md, Object.keys(BUILTIN_FUNCTIONS), 'function')).toEqual([]);
  });

  it('has a table row for every aggregate', () => {
    expect(undocumented(md, [...AggregateOps], 'aggregate')).toEqual([]);
  });
});

describe('the check itself', () => {
  it('reports a name that only the prose mentions, or that is a prefix of a documented one', () => {
    const md = '| `$addDays(d, n)` | … |\n| `moneyEqual` | … |\n\nprose: `between`, $add\n';
    expect(undocumented(md, ['addDays', 'add'], 'function')).toEqual(['add']);
    expect(undocumented(md, ['moneyEqual', 'between', 'money'], 'operator')).toEqual(['between', 'money']);
  });
});

describe('docs/rules-dsl.zh-CN.md', () => {
  it('links the English page and is linked from it, with the same sections', () => {
    const zh = read('rules-dsl.zh-CN.md');
    const en = read('rules-dsl.md');
    expect(zh).toContain('[rules-dsl.md](rules-dsl.md)');
    expect(en).toContain('[rules-dsl.zh-CN.md](rules-dsl.zh-CN.md)');
    const headings = (md: string): number => md.split('\n').filter((l) => /^#{2,3} /.test(l)).length;
    expect(headings(zh)).toBe(headings(en));
  });
});

describe('docs/glossary.zh-CN.md (术语表)', () => {
  const md = read('glossary.zh-CN.md');

  it('explains every property of a rule', () => {
    const cells = firstCells(md);
    const missing = Object.keys(RuleSchema.properties).filter((p) => !cells.some((c) => c.includes(`\`${p}\``)));
    expect(missing).toEqual([]);
  });

  it('writes down the words of the work: 比对模型, 预警, 核实, 疑点/问题线索, 处置', () => {
    for (const w of ['比对模型', '预警', '核实', '疑点 / 问题线索', '处置', '比对基准日', '证据记录', '预警编号（去重依据）', '推送主管部门', '测试样例', '出错位置']) expect(md, w).toContain(w);
  });
});
