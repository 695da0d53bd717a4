import { CliError } from '../cli-error.js';
import type { CommandSpec } from '../command-spec.js';
import { sunshineConfigJsonSchema } from '../config/sunshine-config.js';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: 'print the JSON Schema of a rule pack (or of sunshine.config.json), for editors',
  usage: ['schema [--for pack|config] [--out FILE]'],
  details: 'Point a rule file\'s "$schema" at the printed schema for completion and checks in an editor.',
  options: {
    for: { type: 'string', value: 'pack|config', description: 'which schema (default pack)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write to FILE instead of stdout' },
  },
  async run(ctx) {
    const which = ctx.args.string('for') ?? 'pack';
    if (which !== 'pack' && which !== 'config') throw new CliError('USAGE', `\`--for\` must be pack or config, got \`${which}\``);
    const schema = which === 'config' ? sunshineConfigJsonSchema() : await ctx.lib.rulePackJsonSchema();
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
