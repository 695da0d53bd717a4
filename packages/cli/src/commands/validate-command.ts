import type { CommandSpec } from '../command-spec.js';
import { formatProblem } from './load-rules-or-fail.js';
import { packPaths } from './pack-paths.js';
import { msg } from '../i18n/messages.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: { en: 'check rule packs against the DSL schema and its semantic checks', zh: '按比对模型的格式和语义检查比对模型包' },
  usage: ['validate [PACK …] [--format text|json]'],
  details: {
    en: `Checks each pack (a rule file, or a folder of them) against the rule schema, then the
semantics: unknown datasets or fields, undeclared parameters, bad expressions, duplicate ids.
Every problem names the file and the JSON pointer. With no PACK: the packs of
sunshine.config.json, else the standard library.

Exit codes: 0 valid; 1 problems found; 2 a pack cannot be read.`,
    zh: `逐个检查比对模型包（一个比对模型文件，或装有这类文件的文件夹）：先对照比对模型的 JSON 格式定义，
再检查语义：数据表或字段不存在、参数未声明、表达式有误、编号重复。每处错误都指明文件和出错位置。
不给 PACK 时：检查 sunshine.config.json 中的比对模型包，没有配置文件则检查标准库。

退出码：0 全部有效；1 查出错误；2 比对模型包读不了。`,
  },
  positionals: 'PACK',
  options: {
    format: { type: 'string', value: 'text|json', description: { en: 'output format (default text)', zh: '输出格式（默认 `text`）' } },
    config: { type: 'string', short: 'c', value: 'FILE', description: { en: 'config file whose packs to check when none is given', zh: '不给 PACK 时，检查这个配置文件中的比对模型包' } },
  },
  async run(ctx) {
    const paths = await packPaths(ctx);
    const problems = await ctx.lib.validatePacks(paths);
    if (ctx.args.string('format') === 'json') {
      ctx.io.stdout.write(`${JSON.stringify({ packs: paths, valid: problems.length === 0, problems }, null, 2)}\n`);
    } else if (problems.length === 0) {
      ctx.io.stdout.write(`${msg(ctx.lang, 'packsValid', paths.length, paths.join(', '))}\n`);
    } else {
      for (const p of problems) ctx.io.stdout.write(`✗ ${formatProblem(p, ctx.lang)}\n`);
      ctx.io.stdout.write(`\n${msg(ctx.lang, 'packProblems', problems.length, paths.join(', '))}\n`);
    }
    return problems.length === 0 ? 0 : 1;
  },
};
