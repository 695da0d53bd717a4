/**
 * The files `sunshine init` writes: a county project that runs, validates and tests out of
 * the box. Paths are relative to the project folder.
 */

export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The files of a new county project. */
export function initTemplates(options: { name: string; cliVersion: string }): readonly TemplateFile[] {
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
      content: `# Column mapping

\`mapping.json\` maps the county's own exports onto the canonical model: for each dataset, the
file, sheet or table it is in (\`source\`), its headers (\`columns\`: 身份证号 → id_number) and its
codes (\`values\`: 男 → M, the county's fund names → kind). Common Chinese headers and codes are
known already (\`useDefaults\`); list only what differs, and delete the examples you do not need.
CSV and JSON files are read in UTF-8 or GB18030 (GBK), detected per file; \`"encoding": "gb18030"\`
(next to \`datasets\`, or inside one dataset) states it when detection is not enough.
\`"$schema"\` gives completion in an editor once \`npm install\` has run.
`,
    },
    {
      path: 'data/README.md',
      content: `# Data

Put one file per dataset here, named after the dataset: \`payments.csv\`, \`persons.csv\`,
\`funds.xlsx\`, … (CSV in UTF-8 or GB18030, NDJSON, JSON or XLSX). Headers and codes may be the
county's own: \`../mapping.json\` maps them onto the model. A dataset that is missing is treated
as empty, and the rules that need it are reported as skipped.

Try it without real data: \`npx sunshine gen --scale village --out ./data\`.
`,
    },
    { path: 'rules/README.md', content: RULES_README },
    ...customRuleTemplates(),
    {
      path: '.github/workflows/sunshine.yml',
      content: `# Checks the county's own rules on every push: schema and semantics, then their fixtures.
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
        description: 'County rule project for Sunshine (阳光)',
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

const RULES_README = `# The county's own rules

One rule per JSON file, in the same format as the standard library (\`npx sunshine schema\`
prints the JSON Schema; the \`$schema\` line in each file gives completion in an editor). Each
rule's fixtures sit beside it: cases that must match and near misses that must not.

    npx sunshine validate ./rules    # schema and semantic checks
    npx sunshine test ./rules        # run the fixtures
`;

/** The custom rule and its fixtures. */
function customRuleTemplates(): readonly TemplateFile[] {
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
      { name: 'a hospitality expense above the limit', data: { collective_ledger: [entry('V-1', '2000.01')] }, expect: ['V-1'], messages: { 'V-1': '招待费支出2000.01元' } },
      { name: 'near miss: exactly at the limit', data: { collective_ledger: [entry('V-2', '2000.00')] }, expect: [] },
      { name: 'near miss: a large expense of another category', data: { collective_ledger: [entry('V-3', '9000.00', 'office')] }, expect: [] },
      { name: 'the county may raise the limit', params: { limit: '10000.00' }, data: { collective_ledger: [entry('V-4', '9000.00')] }, expect: [] },
    ],
  };
  return [
    { path: 'rules/county-large-hospitality.json', content: json(rule) },
    { path: 'rules/county-large-hospitality.fixtures.json', content: json(fixtures) },
  ];
}
