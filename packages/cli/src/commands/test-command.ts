import type { CommandSpec } from '../command-spec.js';
import { renderJunitXml } from '../reports/render-junit-xml.js';
import { writeChunksToFile } from '../reports/write-chunks.js';
import { packPaths } from './pack-paths.js';
import { problemText } from '@sunshine/core';
import { CliError } from '../cli-error.js';
import { msg } from '../i18n/messages.js';
import { formatProblem } from './load-rules-or-fail.js';

export const testCommand: CommandSpec = {
  name: 'test',
  summary: { en: 'run every rule\'s fixtures and report pass/fail per case', zh: '运行每个比对模型的测试样例，逐个样例报告通过或失败' },
  usage: ['test [PACK …] [--rules PACK …] [--junit FILE] [--format text|json]'],
  details: {
    en: `Runs the fixtures beside each rule (cases that must match and near misses that must
not) and reports pass or fail per case. The packs are the PACK arguments and every --rules PACK (as for
run and explain: \`stdlib\` is the standard library); with none, the packs of
sunshine.config.json, else the standard library.

Exit codes: 0 all passed; 1 a case failed or a rule has no test cases; 2 a pack cannot be read or
is invalid.`,
    zh: `运行每个比对模型旁边的测试样例（应当命中的样例，和相近但不应命中的样例），逐个样例报告通过或失败。
要测试的比对模型包是各个 PACK 参数和每个 --rules PACK（与 \`run\`、\`explain\` 相同：\`stdlib\` 即标准库）；
都没有时，测试 sunshine.config.json 中的比对模型包，没有配置文件则测试标准库。

退出码：0 全部通过；1 有样例失败，或有比对模型没有测试样例；2 比对模型包读不了或有误。`,
  },
  positionals: 'PACK',
  options: {
    rules: { type: 'string', short: 'r', multiple: true, value: 'PACK', description: { en: 'a rule pack to test, as for `run` (repeatable; same as a PACK argument)', zh: '要测试的比对模型包，写法与 `run` 相同（等同于一个 PACK 参数）' } },
    junit: { type: 'string', value: 'FILE', description: { en: 'also write JUnit XML for CI', zh: '另外写一份 JUnit XML，供持续集成使用' } },
    format: { type: 'string', value: 'text|json', description: { en: 'output format (default text)', zh: '输出格式（默认 `text`）' } },
    config: { type: 'string', short: 'c', value: 'FILE', description: { en: 'config file whose packs to test when none is given', zh: '不给比对模型包时，测试这个配置文件中的比对模型包' } },
  },
  async run(ctx) {
    const paths = await packPaths(ctx, 'rules');
    const { cases, untested = [], problems = [] } = await ctx.lib.runRuleTests(paths);
    if (problems.length > 0) {
      const shown = problems.slice(0, 20).map((p) => `  ${formatProblem(p, ctx.lang)}`);
      const more = problems.length > 20 ? msg(ctx.lang, 'invalidPackMore', problems.length - 20) : '';
      throw new CliError('BAD_INPUT', `${msg(ctx.lang, 'invalidPackOrFixtures', problems.length, shown.join('\n'))}${more}`);
    }
    const failed = cases.filter((c) => !c.passed);
    const junit = ctx.args.string('junit');
    if (junit !== undefined) writeChunksToFile(ctx.resolve(junit), [renderJunitXml(cases)]);
    const out = ctx.io.stdout;
    if (ctx.args.string('format') === 'json') {
      out.write(`${JSON.stringify({ passed: cases.length - failed.length, failed: failed.length, untested, cases }, null, 2)}\n`);
    } else {
      for (const c of cases) {
        const why = c.message === undefined ? msg(ctx.lang, 'caseFailed') : problemText({ ...c, message: c.message }, ctx.lang);
        out.write(`${c.passed ? '✓' : '✗'} ${c.rule} › ${c.name}${c.passed ? '' : ` — ${why}`}\n`);
        if (!c.passed && c.expected !== undefined) out.write(`    ${msg(ctx.lang, 'caseExpectedLabel')}${JSON.stringify(c.expected)}\n`);
        if (!c.passed && c.actual !== undefined) out.write(`    ${msg(ctx.lang, 'caseActualLabel')}${JSON.stringify(c.actual)}\n`);
      }
      if (untested.length > 0) out.write(`\n${msg(ctx.lang, 'testUntested', untested.length, untested.join(', '))}\n`);
      out.write(`\n${msg(ctx.lang, 'testSummary', cases.length - failed.length, failed.length)}\n`);
    }
    if (junit !== undefined) ctx.feedback.info(msg(ctx.lang, 'wroteJunit', ctx.resolve(junit)));
    // A rule without test cases is untested, not passed: `test` fails for it.
    return failed.length === 0 && untested.length === 0 ? 0 : 1;
  },
};
