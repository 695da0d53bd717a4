import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { initTemplates, type TemplateFile } from './init-templates.js';
import { msg } from '../i18n/messages.js';

export const initCommand: CommandSpec = {
  name: 'init',
  summary: { en: 'scaffold a county project: config, column mapping, a custom rule with fixtures, CI', zh: '新建一个县级项目：配置、列映射、一个自定义比对模型及其测试样例、持续集成' },
  usage: ['init [DIR] [--force]'],
  details: {
    en: `Writes into DIR (default: this folder) sunshine.config.json, mapping.json (Chinese
headers → the model), rules/ with a custom rule and its fixtures, and
.github/workflows/sunshine.yml running \`sunshine validate\` and \`sunshine test\`.
Existing files are kept unless --force is given.`,
    zh: `在 DIR（默认：当前文件夹）中写入 sunshine.config.json、mapping.json（中文表头 → 数据模型）、
rules/（一个自定义比对模型及其测试样例），以及运行 \`sunshine validate\` 和 \`sunshine test\` 的
.github/workflows/sunshine.yml。已有的文件保留不动，除非给出 --force。`,
  },
  positionals: 'DIR',
  options: {
    force: { type: 'boolean', description: { en: 'overwrite existing files', zh: '覆盖已有的文件' } },
  },
  async run(ctx) {
    const [dirArg, ...extra] = ctx.args.positionals;
    if (extra.length > 0) throw new CliError('USAGE', msg(ctx.lang, 'initOneFolder'));
    const dir = ctx.resolve(dirArg ?? '.');
    const name = basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'county-rules';
    const written: string[] = [];
    const kept: string[] = [];
    try {
      let schema: TemplateFile[] = [];
      try {
        schema = [{ path: 'schema/rule-pack.schema.json', content: `${JSON.stringify(await ctx.lib.rulePackJsonSchema(), null, 2)}\n` }];
      } catch {
        // Without the engine there is no schema to copy; the rule files still work.
      }
      for (const t of [...initTemplates({ name, cliVersion: ctx.lib.version, lang: ctx.lang }), ...schema]) {
        const file = join(dir, t.path);
        if (existsSync(file) && !ctx.args.flag('force')) {
          kept.push(t.path);
          continue;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, t.content);
        written.push(t.path);
      }
    } catch (e) {
      throw new CliError('BAD_INPUT', msg(ctx.lang, 'initCannotWrite', dir, (e as Error).message), { cause: e });
    }
    const out = ctx.io.stdout;
    out.write(`${msg(ctx.lang, 'initDone', relative(ctx.io.cwd, dir) || '.')}\n`);
    for (const w of written) out.write(`${msg(ctx.lang, 'initCreated', w)}\n`);
    for (const k of kept) out.write(`${msg(ctx.lang, 'initKept', k)}\n`);
    out.write(`\n${msg(ctx.lang, 'initNext')}\n`);
    return 0;
  },
};
