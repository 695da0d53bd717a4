import type { Explanation, ExplanationNode } from '../library/cli-library.js';

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v);
}

function mark(result: unknown): string {
  return result === true ? '✓' : result === false ? '✗' : '·';
}

function nodeLine(n: ExplanationNode): string {
  const name = typeof n.name === 'string' ? `  [${n.name}]` : '';
  if (n.fact !== undefined || n.operator !== undefined) {
    const spec = n.valueSpec !== undefined && typeof n.valueSpec === 'object' && n.valueSpec !== null ? `  (${JSON.stringify(n.valueSpec)})` : '';
    return `${n.fact ?? ''} = ${show(n.factValue)}  ${n.operator ?? ''}  ${show(n.value)}${spec}${name}`;
  }
  return `${n.kind ?? n.label ?? ''}${name}`;
}

function children(n: ExplanationNode): readonly ExplanationNode[] {
  if (n.children !== undefined) return n.children;
  return isNode(n.child) ? [n.child] : [];
}

function* walk(n: ExplanationNode, depth: number): Generator<string> {
  yield `${'  '.repeat(depth)}${mark(n.result)} ${nodeLine(n)}`;
  for (const c of children(n)) yield* walk(c, depth + 1);
}

function isNode(x: unknown): x is ExplanationNode {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isEmptyObject(v: unknown): boolean {
  return isNode(v) && Object.keys(v).length === 0;
}

const TREES = ['where', 'conditions'];

/**
 * Renders an engine explanation as indented text: the subject, then one line per condition
 * with the value it compared and its verdict (✓ true, ✗ false), then the lookups, aggregates,
 * facts and parameters that fed them.
 *
 * @example
 * ```ts
 * process.stdout.write(renderExplanation(await engine.explain(tables, 'deceased-payee', 'P001')));
 * ```
 */
export function renderExplanation(e: Explanation): string {
  const out: string[] = [`${e.rule} ${e.key}: ${e.matched ? 'MATCHED — this is a finding' : 'no match — not a finding'}`];
  for (const k of TREES) {
    const v = e[k];
    if (!isNode(v)) continue;
    out.push('', k === 'where' ? 'Subject filter (where):' : 'Conditions:');
    out.push(...walk(v, 1));
  }
  for (const [k, v] of Object.entries(e)) {
    if (k === 'rule' || k === 'key' || k === 'matched' || TREES.includes(k) || v === undefined || isEmptyObject(v)) continue;
    out.push('', `${k[0]!.toUpperCase()}${k.slice(1)}:`);
    if (isNode(v)) {
      for (const [name, value] of Object.entries(v)) out.push(`  ${name}: ${JSON.stringify(value)}`);
    } else out.push(`  ${JSON.stringify(v)}`);
  }
  return `${out.join('\n')}\n`;
}
