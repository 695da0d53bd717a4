/**
 * The files `sunshine init` writes: a county project that runs, validates and tests out of
 * the box. Paths are relative to the project folder. The prose in them (the READMEs, the
 * workflow's comment, the fixtures' case names) is in the command's language.
 */
import type { Bilingual, Lang } from '../i18n/lang.js';

export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The files of a new county project. */
export function initTemplates(options: { name: string; cliVersion: string; lang?: Lang }): readonly TemplateFile[] {
  const lang = options.lang ?? 'en';
  return [
    {
      path: 'sunshine.config.json',
      content: json({
        $schema: './node_modules/@sunshine/cli/schema/sunshine.config.schema.json',
        data: { dir: './data', mapping: './mapping.json' },
        packs: ['stdlib', './rules'],
        params: { 'shared-account': { minPersons: 3 }, 'county-large-hospitality': { limit: '2000.00' } },
        output: { format: 'html', file: './reports/sunshine-report.html' },
        failOn: 'critical',
      }),
    },
    {
      path: 'mapping.json',
      content: json({
        $schema: './node_modules/@sunshine/adapters/schema/mapping.schema.json',
        useDefaults: true,
        datasets: {
          payments: {
            source: '一卡通发放明细',
            columns: {
              发放编号: 'payment_id',
              项目编码: 'fund_code',
              身份证号: 'id_number',
              姓名: 'name',
              乡镇编码: 'town_code',
              村编码: 'village_code',
              所属期: 'period',
              发放日期: 'pay_date',
              发放金额: 'amount',
              面积: 'quantity',
              银行账号: 'bank_account',
              户主身份证号: 'account_holder_id_number',
              户名: 'account_holder_name',
            },
          },
          persons: {
            source: '户籍人口',
            columns: {
              身份证号码: 'id_number',
              姓名: 'name',
              性别: 'gender',
              出生日期: 'birth_date',
              户号: 'household_id',
              与户主关系: 'relation',
              乡镇编码: 'town_code',
              村编码: 'village_code',
            },
            values: {
              gender: { 男: 'M', 女: 'F' },
              relation: { 户主: 'head', 配偶: 'spouse', 子女: 'child', 父母: 'parent', 其他: 'other' },
            },
          },
          funds: {
            source: '补贴项目目录',
            columns: { 项目编码: 'fund_code', 项目名称: 'name', 主管部门: 'department_code', 项目类别: 'kind', 发放周期: 'frequency', 标准金额: 'standard_amount', 最高金额: 'max_amount' },
            values: {
              kind: { 最低生活保障: 'means_tested', 特困供养: 'means_tested', 高龄津贴: 'age_based', 残疾人两项补贴: 'disability', 耕地地力保护补贴: 'land_based', 城乡居民养老保险: 'pension' },
              frequency: { 按月: 'monthly', 按季: 'quarterly', 按年: 'yearly', 一次性: 'once' },
            },
          },
        },
      }),
    },
    {
      path: 'MAPPING.md',
      content: MAPPING_README[lang],
    },
    {
      path: 'data/README.md',
      content: DATA_README[lang],
    },
    { path: 'rules/README.md', content: RULES_README[lang] },
    ...customRuleTemplates(lang),
    {
      path: '.github/workflows/sunshine.yml',
      content: `# ${WORKFLOW_COMMENT[lang]}
name: sunshine
on:
  push:
  pull_request:
jobs:
  rules:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npx sunshine validate ./rules
      - run: npx sunshine test ./rules --junit reports/junit.xml
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: sunshine-junit
          path: reports/junit.xml
`,
    },
    {
      path: 'package.json',
      content: json({
        name: options.name,
        private: true,
        description: lang === 'zh' ? '阳光（Sunshine）县级比对模型项目' : 'County rule project for Sunshine (阳光)',
        scripts: {
          validate: 'sunshine validate ./rules',
          test: 'sunshine test ./rules',
          report: 'sunshine run',
        },
        devDependencies: { '@sunshine/cli': `^${options.cliVersion}` },
      }),
    },
    { path: '.gitignore', content: 'node_modules/\nreports/\n.sunshine/\n' },
  ];
}

const WORKFLOW_COMMENT: Bilingual = {
  en: "Checks the county's own rules on every push: schema and semantics, then their fixtures.",
  zh: '每次推送都检查本县自己的比对模型：先查格式和语义，再运行测试样例。',
};

const MAPPING_README: Bilingual = {
  en: `# Column mapping

\`mapping.json\` maps the county's own exports onto the canonical model: for each dataset, the
file, sheet or table it is in (\`source\`), its headers (\`columns\`: 身份证号 → id_number) and its
codes (\`values\`: 男 → M, the county's fund names → kind). Common Chinese headers and codes are
known already (\`useDefaults\`); list only what differs, and delete the examples you do not need.
CSV and JSON files are read in UTF-8 or GB18030 (GBK), detected per file; \`"encoding": "gb18030"\`
(next to \`datasets\`, or inside one dataset) states it when detection is not enough.
\`"$schema"\` gives completion in an editor once \`npm install\` has run.
`,
  zh: `# 列映射

\`mapping.json\` 把本县自己导出的数据对应到标准数据模型：每个数据表写明它在哪个文件、工作表或数据库表中
（\`source\`），它的表头（\`columns\`：身份证号 → id_number）和它的代码（\`values\`：男 → M，本县的资金项目名称
→ kind）。常见的中文表头和代码已经内置（\`useDefaults\`）；只需写出不同的部分，用不到的示例可以删掉。
CSV 和 JSON 文件按 UTF-8 或 GB18030（GBK）读取，逐个文件自动识别；识别不准时可用 \`"encoding": "gb18030"\`
（写在 \`datasets\` 旁边，或写在某个数据表里）指明。运行过 \`npm install\` 之后，\`"$schema"\` 一行可让编辑器给出补全。
`,
};

const DATA_README: Bilingual = {
  en: `# Data

Put one file per dataset here, named after the dataset: \`payments.csv\`, \`persons.csv\`,
\`funds.xlsx\`, … (CSV in UTF-8 or GB18030, NDJSON, JSON or XLSX). Headers and codes may be the
county's own: \`../mapping.json\` maps them onto the model. A dataset that is missing is treated
as empty, and the rules that need it are reported as skipped.

Try it without real data: \`npx sunshine gen --scale village --out ./data\`.
`,
  zh: `# 数据

每个数据表放一个文件，以数据表命名：\`payments.csv\`、\`persons.csv\`、\`funds.xlsx\`……（UTF-8 或 GB18030
编码的 CSV、NDJSON、JSON 或 XLSX）。表头和代码可以用本县自己的：\`../mapping.json\` 把它们对应到数据模型。
缺少的数据表按空数据处理，需要它的比对模型记为未运行。

没有真实数据时可以先试试：\`npx sunshine gen --scale village --out ./data\`。
`,
};

const RULES_README: Bilingual = {
  en: `# The county's own rules

One rule per JSON file, in the same format as the standard library (\`npx sunshine schema\`
prints the JSON Schema; the \`$schema\` line in each file gives completion in an editor). Each
rule's fixtures sit beside it: cases that must match and near misses that must not.

    npx sunshine validate ./rules    # schema and semantic checks
    npx sunshine test ./rules        # run the fixtures
`,
  zh: `# 本县自己的比对模型

每个比对模型一个 JSON 文件，格式与标准库相同（\`npx sunshine schema\` 输出 JSON Schema；每个文件中的
\`$schema\` 一行可让编辑器给出补全）。每个比对模型的测试样例放在它旁边：应当报出预警的样例，
以及差一点就报、但不应报出的样例。

    npx sunshine validate ./rules    # 检查格式和语义
    npx sunshine test ./rules        # 运行测试样例
`,
};

/** The names of the custom rule's test cases. */
const CASE_NAMES = {
  above: { en: 'a hospitality expense above the limit', zh: '单笔招待费超过上限' },
  atLimit: { en: 'near miss: exactly at the limit', zh: '差一点：恰好等于上限' },
  otherCategory: { en: 'near miss: a large expense of another category', zh: '差一点：别的类别的大额支出' },
  raised: { en: 'the county may raise the limit', zh: '县里可以调高上限' },
} satisfies Record<string, Bilingual>;

/** The custom rule and its fixtures. */
function customRuleTemplates(lang: Lang): readonly TemplateFile[] {
  const rule = {
    $schema: '../schema/rule-pack.schema.json',
    id: 'county-large-hospitality',
    version: '1.0.0',
    category: 'finance',
    severity: 'medium',
    title: { zh: '单笔招待费超县定标准', en: 'Hospitality expense above the county limit' },
    description: {
      zh: '村集体一笔招待费支出超过本县规定的单笔上限 limit。',
      en: 'A village collective hospitality expense above the county\'s per-expense limit.',
    },
    params: {
      limit: { type: 'money', default: '2000.00', description: { zh: '单笔招待费上限（元）', en: 'Most one hospitality expense may be (yuan)' } },
    },
    subject: {
      dataset: 'collective_ledger',
      where: {
        all: [
          { fact: 'subject.direction', operator: 'equal', value: 'expense' },
          { fact: 'subject.category', operator: 'equal', value: 'hospitality' },
        ],
      },
    },
    conditions: { all: [{ fact: 'subject.amount', operator: 'moneyGreaterThan', value: { param: 'limit' } }] },
    key: '{{subject.voucher_id}}',
    evidence: ['subject'],
    message: {
      zh: '{{subject.date}}招待费支出{{subject.amount}}元（凭证{{subject.voucher_id}}，收款方{{subject.counterparty_name}}），超过单笔上限',
      en: 'Hospitality expense of {{subject.amount}} yuan on {{subject.date}} (voucher {{subject.voucher_id}}, paid to {{subject.counterparty_name}}) is above the per-expense limit',
    },
  };
  const entry = (voucher: string, amount: string, category = 'hospitality') => ({
    voucher_id: voucher,
    village_code: 'V001',
    date: '2024-05-20',
    direction: 'expense',
    amount,
    category,
    counterparty_name: '农家乐饭店',
    payment_method: 'transfer',
    summary: '接待',
  });
  const fixtures = {
    rule: 'county-large-hospitality',
    asOf: '2024-12-31',
    cases: [
      { name: CASE_NAMES.above[lang], data: { collective_ledger: [entry('V-1', '2000.01')] }, expect: ['V-1'], messages: { 'V-1': '招待费支出2000.01元' } },
      { name: CASE_NAMES.atLimit[lang], data: { collective_ledger: [entry('V-2', '2000.00')] }, expect: [] },
      { name: CASE_NAMES.otherCategory[lang], data: { collective_ledger: [entry('V-3', '9000.00', 'office')] }, expect: [] },
      { name: CASE_NAMES.raised[lang], params: { limit: '10000.00' }, data: { collective_ledger: [entry('V-4', '9000.00')] }, expect: [] },
    ],
  };
  return [
    { path: 'rules/county-large-hospitality.json', content: json(rule) },
    { path: 'rules/county-large-hospitality.fixtures.json', content: json(fixtures) },
  ];
}
