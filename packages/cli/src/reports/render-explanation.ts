import type { Explanation, ExplanationNode } from '../library/cli-library.js';

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

function mark(result: unknown): string {
  return result === true ? '✓' : result === false ? '✗' : '·';
}

function nodeLine(n: ExplanationNode): string {
  if (n.fact !== undefined || n.operator !== undefined) {
    const left = n.fact === undefined ? '' : `${n.fact} = ${show(n.factValue)}`;
    return `${left} ${n.operator ?? ''} ${show(n.value)}`.trim();
  }
  return n.label ?? n.kind ?? '';
}

function* walk(n: ExplanationNode, depth: number): Generator<string> {
  yield `${'  '.repeat(depth)}${mark(n.result)} ${nodeLine(n)}`;
  for (const c of n.children ?? []) yield* walk(c, depth + 1);
}

function isNode(x: unknown): x is ExplanationNode {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Renders an engine explanation as indented text: one line per condition with the value it
 * compared and its verdict (✓ true, ✗ false), then the lookups and other inputs.
 *
 * @example
 * ```ts
 * process.stdout.write(renderExplanation(await engine.explain(tables, 'deceased-payee', 'P001')));
 * ```
 */
export function renderExplanation(e: Explanation): string {
  const out: string[] = [`${e.rule} ${e.key}: ${e.matched ? 'MATCHED — this is a finding' : 'no match — not a finding'}`];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'rule' || k === 'key' || k === 'matched') continue;
    if ((k === 'conditions' || k === 'tree' || k === 'root') && isNode(v)) {
      out.push('', 'Conditions:');
      out.push(...walk(v, 1));
    } else rest[k] = v;
  }
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined) continue;
    out.push('', `${k[0]!.toUpperCase()}${k.slice(1)}:`);
    const text = JSON.stringify(v, null, 2);
    out.push(...text.split('\n').map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}
