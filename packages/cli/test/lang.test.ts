/**
 * The CLI speaks Chinese to a Chinese reader (issue #23): `--lang zh|en`, else the locale
 * (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `zh`). Help, progress, the as-of notice, usage
 * errors and the exit summaries come in Chinese; English stays the default, word for word.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/index.js';
import { COMMON_OPTIONS } from '../src/command-spec.js';
import { langFromEnv } from '../src/i18n/lang.js';
import { MESSAGES } from '../src/i18n/messages.js';
import { fakeLibrary, makeFinding, runCli, writeCounty } from './fake-library.js';

const ZH = { LANG: 'zh_CN.UTF-8' };

/** Words of Latin script a Chinese help may hold outside code, flags, placeholders, files and ids: product and format names. */
const ALLOWED_WORDS = new Set(['sunshine', 'Sunshine', 'Schema', 'DuckDB', 'PostgreSQL', 'SQLite', 'JUnit', 'Parquet', 'Cookie']);

/**
 * The English words left in a help text once the allowed things are taken out: usage lines,
 * the option column, `code`, "json keys", flags, UPPERCASE placeholders and names (DIR, JSON,
 * LC_ALL), file names, paths and URLs, numbers.
 */
function englishWords(help: string): string[] {
  const text = help
    .split('\n')
    .filter((l) => !/^\s+sunshine /.test(l) && !/^(用法|Usage)：?\s*sunshine /.test(l))
    .map((l) => l.replace(/^\s+(-\w, )?--[\w-]+( \S+)?/, ''))
    .map((l) => l.replace(/^ {2}[a-z][\w-]* {2,}/, ''))
    .map((l) => l.replace(/^sunshine [\w-]+ — /, '').replace(/^sunshine \S+ — /, ''))
    .join('\n')
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/(^|[\s（(，、；：])-{1,2}[\w-]+(?: [a-z]+(?:\|[a-z]+)*)?/g, ' ')
    .replace(/[\w@.~-]*(?:[/.:=]+[\w@.~*-]*)+/g, ' ')
    .replace(/\b[A-Z][A-Z0-9_-]+\b/g, ' ');
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w));
}

describe('the language', () => {
  it('comes from LC_ALL, then LC_MESSAGES, then LANG (the first one set)', () => {
    expect(langFromEnv({})).toBe('en');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LANG: 'zh_TW' })).toBe('zh');
    expect(langFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_CN.GB18030', LANG: 'en_US' })).toBe('zh');
  });

  it('is English by default', async () => {
    const r = await runCli(['--help'], fakeLibrary());
    expect(r.out).toContain('Usage: sunshine <command> [options]');
    expect(r.out).toContain('load a county\'s data, run the rules and write the findings');
    expect(r.out).not.toContain('比对模型');
  });

  it('--lang overrides the locale, either way, before or after the command', async () => {
    const zh = await runCli(['--lang', 'zh', '--help'], fakeLibrary());
    expect(zh.out).toContain('用法：sunshine <命令> [选项]');
    const en = await runCli(['run', '--help', '--lang=en'], fakeLibrary(), { env: ZH });
    expect(en.out).toContain('Options:');
    const after = await runCli(['run', '--help', '--lang', 'zh'], fakeLibrary());
    expect(after.out).toContain('选项：');
    const version = await runCli(['--lang', 'zh', '--version'], fakeLibrary());
    expect(version.out).toBe('9.9.9\n');
  });

  it('refuses a language it does not speak, with exit 2', async () => {
    const r = await runCli(['--lang', 'fr', '--help'], fakeLibrary());
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: `--lang` must be `zh` or `en`, got `fr`\n');
  });
});

describe('help in Chinese', () => {
  const modes: [string, readonly string[], Record<string, string>][] = [
    ['LANG=zh_CN.UTF-8', [], ZH],
    ['--lang zh', ['--lang', 'zh'], {}],
  ];

  it.each(modes)('the global help under %s', async (_mode, flag, env) => {
    const r = await runCli([...flag, '--help'], fakeLibrary(), { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain('命令：');
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name} `);
    expect(englishWords(r.out)).toEqual([]);
  });

  it.each(modes.flatMap(([mode, flag, env]) => COMMANDS.map((c) => [mode, c.name, flag, env] as const)))('%s: sunshine %s --help', async (_mode, name, flag, env) => {
    const r = await runCli([name, '--help', ...flag], fakeLibrary(), { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`sunshine ${name} — `);
    expect(r.out).toContain('用法：');
    expect(r.out).toContain('选项：');
    expect(englishWords(r.out)).toEqual([]);
  });

  it('the allow-list catches English prose', () => {
    expect(englishWords('sunshine run — 读取数据\n\n选项：\n  --data DIR   the data folder')).toEqual(['the', 'data', 'folder']);
  });
});

describe('every command has its Chinese text', () => {
  // The type makes a missing `zh` a compile error; this catches an empty one, or an English one pasted in.
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const texts = [c.summary, ...(c.details === undefined ? [] : [c.details]), ...Object.values(c.options).map((o) => o.description)];
    for (const t of texts) {
      expect(t.en.trim()).not.toBe('');
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/u);
    }
  });

  it('and so do the options every command takes', () => {
    for (const o of Object.values(COMMON_OPTIONS)) expect(o.description.zh).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('every message of the catalogue exists in both languages', () => {
    for (const [key, entry] of Object.entries(MESSAGES)) {
      expect(typeof entry.en, key).toBe('function');
      expect(typeof entry.zh, key).toBe('function');
    }
  });
});

describe('messages in Chinese', () => {
  function county(): string {
    const dir = mkdtempSync(join(tmpdir(), 'sunshine-lang-'));
    const data = join(dir, 'county');
    mkdirSync(data);
    writeCounty(data, (f, t) => writeFileSync(f, t));
    return data;
  }

  it('progress, the as-of notice and the warning label', async () => {
    const data = county();
    const zh = await runCli(['run', '--data', data, '--format', 'json'], fakeLibrary({ findings: [makeFinding(0)] }), { env: ZH });
    expect(zh.code).toBe(0);
    expect(zh.err).toMatch(/^读取 payments …$/m);
    expect(zh.err).toMatch(/^运行比对模型：4 个比对模型，1 条预警/m);
    expect(zh.err).toContain('比对基准日 2024-03-05（数据中最晚的日期）；可用 --as-of 指定\n');
    expect(zh.err).toMatch(/^警告：/m);
    const en = await runCli(['run', '--data', data, '--format', 'json'], fakeLibrary({ findings: [makeFinding(0)] }));
    expect(en.err).toContain('as of 2024-03-05, the latest date in the data; give --as-of to choose\n');
    expect(en.err).toMatch(/^running rules: 4 rules, 1 findings/m);
  });

  it('usage errors: an unknown command or option, a missing value', async () => {
    const cmd = await runCli(['rnu'], fakeLibrary(), { env: ZH });
    expect(cmd).toMatchObject({ code: 2, err: '错误：没有 `rnu` 这个命令；是不是要用 `run`？（见 `sunshine --help`）\n' });
    const opt = await runCli(['run', '--data', '.', '--fromat', 'json', '--lang', 'zh'], fakeLibrary());
    expect(opt.code).toBe(2);
    expect(opt.err).toBe('错误：`sunshine run` 没有 `--fromat` 这个选项；是不是要用 `--format`？（见 `sunshine run --help`）\n');
    const value = await runCli(['run', '--data'], fakeLibrary(), { env: ZH });
    expect(value.code).toBe(2);
    expect(value.err).toBe('错误：选项 `--data` 后面要跟一个值（见 `sunshine run --help`）\n');
    const explain = await runCli(['explain', '--data', '.'], fakeLibrary(), { env: ZH });
    expect(explain).toMatchObject({ code: 2, err: '错误：`sunshine explain` 需要给出 `--rule ID`（比对模型编号）和 `--key KEY`（预警编号）；见 `sunshine explain --help`\n' });
  });

  it('the exit summary of run --fail-on', async () => {
    const data = county();
    const r = await runCli(['run', '--data', data, '--format', 'json', '--fail-on', 'low', '--lang', 'zh'], fakeLibrary({ findings: [makeFinding(0)] }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^警告：--fail-on low：有 1 条预警达到或高于 low；退出码 1$/m);
  });
});
