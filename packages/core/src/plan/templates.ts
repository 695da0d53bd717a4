/** Templates of keys and messages: `text {{expr}} text {{expr | money}}`. */
import { problemOf, type ProblemText } from '../dsl/problem-messages.js';

/** Splits `a {{expr}} b` into text and expressions; a non-list result is the problem with it. */
export function splitTemplate(tpl: string): (string | { expr: string; format?: string })[] | ProblemText {
  const out: (string | { expr: string; format?: string })[] = [];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{{', i);
    if (open < 0) {
      out.push(tpl.slice(i));
      break;
    }
    if (open > i) out.push(tpl.slice(i, open));
    const close = tpl.indexOf('}}', open + 2);
    if (close < 0) return problemOf('unclosedTemplate', { template: tpl });
    const inner = tpl.slice(open + 2, close).trim();
    const bar = inner.lastIndexOf('|');
    const fmt = bar >= 0 ? inner.slice(bar + 1).trim() : '';
    if (bar >= 0 && /^(money|yuan|raw|date|number)$/.test(fmt)) out.push({ expr: inner.slice(0, bar).trim(), format: fmt });
    else out.push({ expr: inner });
    i = close + 2;
  }
  return out;
}
