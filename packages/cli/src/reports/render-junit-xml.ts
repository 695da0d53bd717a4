import type { RuleTestCase } from '../library/cli-library.js';

function xml(s: string): string {
  // Characters XML 1.0 forbids are dropped; the five special ones escaped.
  // eslint-disable-next-line no-control-regex -- stripping the control characters XML forbids
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML for CI (`sunshine test --junit FILE`): one `testsuite` per rule, one `testcase`
 * per fixture case, a `failure` with expected and actual for each failed case.
 *
 * @example
 * ```ts
 * writeFileSync('junit.xml', renderJunitXml(result.cases));
 * ```
 */
export function renderJunitXml(cases: readonly RuleTestCase[], suiteName = 'sunshine'): string {
  const byRule = new Map<string, RuleTestCase[]>();
  for (const c of cases) {
    const list = byRule.get(c.rule) ?? [];
    list.push(c);
    byRule.set(c.rule, list);
  }
  const failures = cases.filter((c) => !c.passed).length;
  const total = cases.reduce((t, c) => t + c.ms, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xml(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds(total)}">`];
  for (const [rule, list] of byRule) {
    const f = list.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${xml(rule)}" tests="${list.length}" failures="${f}" errors="0" skipped="0" time="${seconds(list.reduce((t, c) => t + c.ms, 0))}">`);
    for (const c of list) {
      const open = `    <testcase classname="${xml(rule)}" name="${xml(c.name)}" time="${seconds(c.ms)}"`;
      if (c.passed) {
        out.push(`${open}/>`);
        continue;
      }
      const body = [c.message ?? 'failed', c.expected === undefined ? '' : `expected: ${JSON.stringify(c.expected, null, 2)}`, c.actual === undefined ? '' : `actual: ${JSON.stringify(c.actual, null, 2)}`]
        .filter((x) => x !== '')
        .join('\n');
      out.push(`${open}>`, `      <failure message="${xml(c.message ?? 'failed')}" type="AssertionError">${xml(body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
