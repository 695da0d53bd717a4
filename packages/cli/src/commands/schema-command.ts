import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { sunshineConfigJsonSchema } from '../config/sunshine-config.js';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: { en: 'print the JSON Schema of a rule pack (or of the datasets, or of sunshine.config.json), for editors', zh: '输出比对模型包（或数据表、或 sunshine.config.json）的 JSON Schema，供编辑器使用' },
  usage: ['schema [--for pack|datasets|config] [--datasets] [--out FILE]'],
  details: {
    en: `Point a rule file's "$schema" at the printed schema for completion and checks in an editor:
it completes dataset names, and field names in "fact", "field" and "orderBy".

--datasets (or --for datasets) prints the data model instead: one definition per dataset, a row as
a .json/.ndjson data file holds it, with each field's type, Chinese name (title), allowed values and
nullability — the same model as docs/data-model.md.`,
    zh: `把比对模型文件的 "$schema" 指向输出的格式定义，编辑器就能补全和检查：它能补全数据表名，
以及 "fact"、"field"、"orderBy" 中的字段名。

--datasets（或 \`--for datasets\`）改为输出数据模型：每个数据表一个定义，即 \`.json\`/\`.ndjson\` 数据文件中
一行的样子，列出每个字段的类型、中文名（\`title\`）、允许的取值和能否为空——与 docs/data-model.md
是同一个模型。`,
  },
  options: {
    for: { type: 'string', value: 'pack|datasets|config', description: { en: 'which schema (default pack)', zh: '要哪一份格式定义（默认 `pack`）' } },
    datasets: { type: 'boolean', description: { en: 'the data model as JSON Schema (same as --for datasets)', zh: '以 JSON Schema 输出数据模型（同 `--for datasets`）' } },
    out: { type: 'string', short: 'o', value: 'FILE', description: { en: 'write to FILE instead of stdout', zh: '写到 FILE，而不是标准输出' } },
  },
  async run(ctx) {
    const forFlag = ctx.args.string('for');
    if (ctx.args.flag('datasets') && forFlag !== undefined && forFlag !== 'datasets') throw new CliError('USAGE', `\`--datasets\` and \`--for ${forFlag}\` ask for two schemas; give one`);
    const which = ctx.args.flag('datasets') ? 'datasets' : (forFlag ?? 'pack');
    if (which !== 'pack' && which !== 'config' && which !== 'datasets') throw new CliError('USAGE', `\`--for\` must be pack, datasets or config, got \`${which}\``);
    let schema: object;
    if (which === 'config') schema = sunshineConfigJsonSchema();
    else if (which === 'pack') schema = await ctx.lib.rulePackJsonSchema();
    else if (ctx.lib.datasetsJsonSchema !== undefined) schema = await ctx.lib.datasetsJsonSchema();
    else throw new CliError('NOT_AVAILABLE', 'this build of sunshine has no data model schema');
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    const out = ctx.args.string('out');
    if (out === undefined) ctx.io.stdout.write(text);
    else {
      const { writeChunksToFile } = await import('../reports/write-chunks.js');
      writeChunksToFile(ctx.resolve(out), [text]);
      ctx.feedback.info(`wrote the ${which} schema to ${ctx.resolve(out)}`);
    }
    return 0;
  },
};
