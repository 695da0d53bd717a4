/* global document, window, localStorage, location, history, fetch, FormData, FileReader, URLSearchParams */
// Sunshine web pages: plain JavaScript, no build, no external network. Talks to the server's
// API with the session cookie; every text is in Chinese and English (the toggle top right).
// All data is written with textContent, never as HTML.
import { h, put } from './common.js';

const TEXT = {
  zh: {
    brand: '阳光村居 智慧监督', logout: '退出', footer: '数据仅用于监督执纪；查询均记入审计日志。',
    navAlerts: '预警处置', navRules: '比对模型', navDisclosure: '村级公示', navRuns: '数据与运行', navAudit: '审计日志',
    staffLogin: '工作人员登录', username: '用户名', password: '密码', signIn: '登录',
    citizenLogin: '群众查询', idNumber: '身份证号', name: '姓名', citizenHint: '输入本人身份证号和姓名，查询本人补贴和本村公示。',
    alerts: '预警队列', category: '类别', town: '乡镇', village: '村', department: '部门', state: '状态', severity: '等级', all: '全部',
    escalatedOnly: '仅看超期升级', search: '搜索', total: '共 {n} 条', prev: '上一页', next: '下一页',
    no: '编号', title: '预警', message: '内容', due: '核实期限', escalated: '已升级', none: '没有记录',
    detail: '预警详情', back: '← 返回队列', rule: '模型', key: '主键', idn: '身份证号', pushedAt: '推送时间', createdAt: '产生时间',
    evidence: '证据', explanation: '比对过程', explain: '查看比对过程', history: '处置记录', attachments: '附件',
    act: '处置', reason: '理由 / 核实情况', attach: '上传证据材料', routeTo: '推送至部门',
    a_push: '推送', a_verify: '开始核实', a_confirm: '确认为问题线索', a_dismiss: '排除（误报）', a_investigate: '启动调查', a_close: '办结', a_reopen: '重新打开', a_comment: '内部备注', a_reply: '答复群众',
    e_create: '产生', e_escalate: '超期升级', 'e_evidence-updated': '证据更新', e_dispute: '群众反映',
    done: '已提交', matched: '命中', notMatched: '未命中', params: '参数', lookups: '关联数据',
    rules: '比对模型目录', source: '来源', std: '标准库', custom: '自定义', pack: '比对模型包', enabled: '启用', version: '版本',
    customRule: '编写自定义模型（纪委监委）', ruleJson: '模型（JSON，比对模型包格式）', validate: '校验', save: '保存为新版本', valid: '校验通过',
    disclosure: '村级公示', fund: '资金项目', period: '期别', recipients: '人数', amount: '金额（元）', payDate: '发放日期', show: '查询', sum: '合计',
    runs: '数据导入与模型运行', importConfigured: '导入已配置的数据源', upload: '上传数据文件（每个数据表一个文件，如 payments.csv）', runNow: '立即运行', imports: '导入记录', runList: '运行记录', findings: '预警', newAlerts: '新预警', reopened: '重新打开', failedRules: '中止的模型', status: '状态', asOf: '基准日',
    audit: '审计日志', verify: '校验哈希链', chainOk: '哈希链完整：{n} 条记录', chainBroken: '哈希链在第 {seq} 条断开：{reason}', actor: '操作人', action: '操作', target: '对象', at: '时间',
    states: { new: '新预警', pushed: '已推送', verifying: '核实中', confirmed: '已确认', dismissed: '已排除', investigating: '调查处置中', closed: '已办结' },
    sev: { low: '低', medium: '中', high: '高', critical: '严重' },
    cats: { eligibility: '身份资格类', duplicate: '重复享受类', standard: '标准超限类', payment: '发放流程类', cadre: '优亲厚友类', contract: '三资合同类', finance: '集体财务类', statistical: '统计异常类' },
    roles: { party: '县委', discipline: '纪委监委', department: '县直部门', town: '乡镇（街道）', village: '村（居）', citizen: '群众', system: '系统' },
  },
  en: {
    brand: 'Sunshine village supervision', logout: 'Sign out', footer: 'For supervision only; every look-up is recorded in the audit log.',
    navAlerts: 'Alerts', navRules: 'Rules', navDisclosure: 'Disclosure', navRuns: 'Data & runs', navAudit: 'Audit log',
    staffLogin: 'Staff sign-in', username: 'Username', password: 'Password', signIn: 'Sign in',
    citizenLogin: 'Citizen look-up', idNumber: 'ID number', name: 'Name', citizenHint: "Enter your ID number and name to see your payments and your village's disclosure.",
    alerts: 'Alert queue', category: 'Category', town: 'Town', village: 'Village', department: 'Department', state: 'State', severity: 'Severity', all: 'All',
    escalatedOnly: 'Escalated only', search: 'Search', total: '{n} in all', prev: 'Previous', next: 'Next',
    no: 'No.', title: 'Alert', message: 'Message', due: 'Verify by', escalated: 'Escalated', none: 'Nothing here',
    detail: 'Alert', back: '← Back to the queue', rule: 'Rule', key: 'Key', idn: 'ID number', pushedAt: 'Pushed', createdAt: 'Raised',
    evidence: 'Evidence', explanation: 'How the rule decided', explain: 'Show the explanation', history: 'History', attachments: 'Attachments',
    act: 'Act', reason: 'Reason / findings', attach: 'Attach evidence', routeTo: 'Push to department',
    a_push: 'Push', a_verify: 'Start verification', a_confirm: 'Confirm', a_dismiss: 'Dismiss (false alarm)', a_investigate: 'Investigate', a_close: 'Close', a_reopen: 'Reopen', a_comment: 'Internal note', a_reply: 'Reply to the complainant',
    e_create: 'Raised', e_escalate: 'Escalated (overdue)', 'e_evidence-updated': 'Evidence updated', e_dispute: 'Citizen report',
    done: 'Done', matched: 'matched', notMatched: 'not matched', params: 'Parameters', lookups: 'Related records',
    rules: 'Rule catalogue', source: 'Source', std: 'Library', custom: 'Custom', pack: 'Pack', enabled: 'Enabled', version: 'Version',
    customRule: 'Write a custom rule (discipline commission)', ruleJson: 'Rule (JSON, rule pack format)', validate: 'Validate', save: 'Save as a new version', valid: 'Valid',
    disclosure: 'Village disclosure', fund: 'Fund', period: 'Period', recipients: 'Recipients', amount: 'Amount (yuan)', payDate: 'Paid on', show: 'Show', sum: 'Total',
    runs: 'Data import and runs', importConfigured: 'Import the configured store', upload: 'Upload data files (one per dataset, e.g. payments.csv)', runNow: 'Run now', imports: 'Imports', runList: 'Runs', findings: 'Findings', newAlerts: 'New alerts', reopened: 'Reopened', failedRules: 'Rules stopped', status: 'Status', asOf: 'As of',
    audit: 'Audit log', verify: 'Verify the hash chain', chainOk: 'Chain intact: {n} entries', chainBroken: 'Chain broken at entry {seq}: {reason}', actor: 'Actor', action: 'Action', target: 'Target', at: 'When',
    states: { new: 'New', pushed: 'Pushed', verifying: 'Verifying', confirmed: 'Confirmed', dismissed: 'Dismissed', investigating: 'Investigating', closed: 'Closed' },
    sev: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
    cats: { eligibility: 'Eligibility', duplicate: 'Duplicate benefits', standard: 'Standard violations', payment: 'Payment process', cadre: 'Cadre favouritism', contract: 'Collective contracts & assets', finance: 'Collective finance', statistical: 'Statistical anomalies' },
    roles: { party: 'County party committee', discipline: 'Discipline commission', department: 'County department', town: 'Town', village: 'Village', citizen: 'Citizen', system: 'System' },
  },
};

// The entries to the citizen and public pages (#18).
Object.assign(TEXT.zh, { citizenEntry: '查询本人补贴，确认是否收到', publicEntry: '各村公示和村务公开（无需登录）' });
Object.assign(TEXT.en, { citizenEntry: 'My payments: confirm what I received', publicEntry: 'Village disclosures and accounts (no sign-in)' });
// #17: transfer, money recovered, responsible level.
Object.assign(TEXT.zh, { a_transfer: '转交其他部门', e_transfer: '转交', transferTo: '转交至部门（代码）', recoveredYuan: '追回金额（元）', measure: '处置措施', amountInvolved: '涉及金额（元）', level: '核实层级', levels: { department: '主管部门', town: '乡镇', village: '村' } });
Object.assign(TEXT.en, { a_transfer: 'Transfer to another department', e_transfer: 'Transferred', transferTo: 'Transfer to department (code)', recoveredYuan: 'Money recovered (yuan)', measure: 'Measure taken', amountInvolved: 'Money involved (yuan)', level: 'Verified by', levels: { department: 'Department', town: 'Town', village: 'Village' } });

let lang = localStorage.getItem('sunshine.lang') === 'en' ? 'en' : 'zh';
let me = null;
let facets = null;
const main = document.getElementById('main');

const t = (key, vars = {}) => String(TEXT[lang][key] ?? TEXT.zh[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
const tt = (group, key) => (TEXT[lang][group] && TEXT[lang][group][key]) || key;
const loc = (o) => (o ? o[lang] || o.zh || '' : '');
const yuan = (fen) => (fen === null || fen === undefined ? '' : (Number(fen) / 100).toFixed(2));
const MONEY = new Set(['amount', 'annual_amount', 'original_value', 'standard_amount', 'max_amount', 'unit_rate', 'registered_capital', 'insurance_paid', 'medical_aid_paid', 'total_cost', 'monthly_amount']);
const day = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

async function api(method, url, body) {
  // The page's language, so that what the server words (a rule's problems) matches it.
  const headers = { 'accept-language': lang === 'zh' ? 'zh-CN' : 'en', ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await fetch(url, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && me) {
      me = null;
      go('#/login');
    }
    const err = new Error(data?.error?.message || res.statusText);
    err.status = res.status;
    err.details = data?.error?.details;
    throw err;
  }
  return data;
}

const errorBox = (e) => h('div', { class: 'error', role: 'alert' }, e.message);
const go = (hash) => {
  if (location.hash === hash) route();
  else location.hash = hash;
};

function stateBadge(s) {
  return h('span', { class: `badge state-${s}`, 'data-state': s }, tt('states', s));
}

function translateStatic() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  document.getElementById('lang').textContent = lang === 'zh' ? 'EN' : '中文';
}

function renderNav() {
  const nav = document.getElementById('nav');
  put(nav);
  const who = document.getElementById('who');
  const logout = document.getElementById('logout');
  if (!me) {
    who.textContent = '';
    logout.hidden = true;
    return;
  }
  // Staff only: a citizen's pages are /citizen (start() sends them there).
  const items = [['#/alerts', 'navAlerts'], ['#/disclosure', 'navDisclosure'], ['#/rules', 'navRules'], ...(me.role === 'discipline' || me.role === 'party' ? [['#/runs', 'navRuns'], ['#/audit', 'navAudit']] : [])];
  for (const [href, key] of items) nav.append(h('a', { href, class: location.hash.startsWith(href) ? 'active' : '' }, t(key)));
  if (me.role !== 'citizen') nav.append(h('a', { href: '/stats', id: 'nav-stats' }, lang === 'zh' ? '统计' : 'Statistics'));
  const scope = me.department_code || me.village_code || me.town_code || '';
  who.textContent = `${me.name} · ${tt('roles', me.role)}${scope && me.role !== 'citizen' ? ` ${scope}` : ''}`;
  logout.hidden = false;
}

// ---- pages -------------------------------------------------------------------------------

function loginPage() {
  const staffErr = h('div');
  const staff = h('form', { class: 'card', id: 'staff-login', onsubmit: async (ev) => {
    ev.preventDefault();
    const f = new FormData(staff);
    try {
      await api('POST', '/api/auth/login', { username: f.get('username'), password: f.get('password') });
      await start('#/alerts');
    } catch (e) {
      put(staffErr, errorBox(e));
    }
  } },
    h('label', { for: 'username' }, t('username')), h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, t('password')), h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { class: 'primary', type: 'submit' }, t('signIn')), staffErr);
  // Citizens and the public have their own mobile pages (#18): they come first; staff sign-in is apart.
  const citizen = h('div', { class: 'card entry', id: 'citizen-entry' },
    h('h2', {}, t('citizenLogin')), h('p', { class: 'muted' }, t('citizenHint')),
    h('a', { class: 'button primary', href: '/citizen', id: 'to-citizen' }, t('citizenEntry')),
    h('a', { class: 'button secondary', href: '/public', id: 'to-public' }, t('publicEntry')));
  put(main, citizen, h('details', { class: 'card staff-entry', id: 'staff-entry', open: true }, h('summary', {}, t('staffLogin')), staff));
}

const filterState = { category: '', town_code: '', village_code: '', department_code: '', state: '', severity: '', escalated: false, q: '', offset: 0 };

async function alertsPage() {
  facets ??= await api('GET', '/api/alerts/facets');
  const villageName = new Map(facets.villages.map((v) => [v.village_code, v.village_name]));
  const townName = new Map(facets.villages.map((v) => [v.town_code, v.town_name]));
  const deptName = new Map(facets.departments.map((d) => [d.department_code, d.name]));
  const select = (key, label, values, show) =>
    h('div', {}, h('label', { for: `f-${key}` }, label),
      h('select', { id: `f-${key}`, name: key, onchange: (ev) => { filterState[key] = ev.target.value; filterState.offset = 0; load(); } },
        h('option', { value: '' }, t('all')),
        values.map((v) => h('option', { value: v.value, selected: filterState[key] === v.value }, `${show(v.value)} (${v.count})`))));
  const filters = h('div', { class: 'card filters', id: 'filters' },
    select('category', t('category'), facets.category, (v) => tt('cats', v)),
    select('town_code', t('town'), facets.town_code, (v) => townName.get(v) || v),
    select('village_code', t('village'), facets.village_code, (v) => villageName.get(v) || v),
    select('department_code', t('department'), facets.department_code, (v) => deptName.get(v) || v),
    select('state', t('state'), facets.state, (v) => tt('states', v)),
    select('severity', t('severity'), facets.severity, (v) => tt('sev', v)),
    h('div', {}, h('label', { for: 'f-q' }, t('search')), h('input', { id: 'f-q', value: filterState.q, onchange: (ev) => { filterState.q = ev.target.value; filterState.offset = 0; load(); } })),
    h('div', {}, h('label', {}, h('input', { type: 'checkbox', id: 'f-escalated', checked: filterState.escalated, onchange: (ev) => { filterState.escalated = ev.target.checked; filterState.offset = 0; load(); } }), ' ', t('escalatedOnly'))));
  const list = h('div', { id: 'alert-list' });
  put(main, h('h1', {}, t('alerts')), filters, list);
  async function load() {
    const q = new URLSearchParams({ limit: '50', offset: String(filterState.offset) });
    for (const k of ['category', 'town_code', 'village_code', 'department_code', 'state', 'severity', 'q']) if (filterState[k]) q.set(k, filterState[k]);
    if (filterState.escalated) q.set('escalated', 'true');
    try {
      const r = await api('GET', `/api/alerts?${q}`);
      const rows = r.alerts.map((a) =>
        h('tr', { class: 'clickable', 'data-id': a.id, onclick: () => go(`#/alerts/${a.id}`) },
          h('td', { class: 'num' }, `#${a.seq}`),
          h('td', {}, loc(a.title), h('div', { class: 'muted' }, tt('cats', a.category))),
          h('td', { class: 'msg' }, loc(a.message)),
          h('td', {}, villageName.get(a.village_code) || a.village_code || ''),
          h('td', {}, deptName.get(a.department_code) || a.department_code || ''),
          h('td', {}, h('span', { class: `sev-${a.severity}` }, tt('sev', a.severity))),
          h('td', {}, stateBadge(a.state), a.escalated ? [' ', h('span', { class: 'badge escalated' }, t('escalated'))] : ''),
          h('td', {}, a.due_at ? a.due_at.slice(0, 10) : '')));
      put(list, 
        h('table', { id: 'alerts-table' },
          h('thead', {}, h('tr', {}, [t('no'), t('title'), t('message'), t('village'), t('department'), t('severity'), t('state'), t('due')].map((x) => h('th', {}, x)))),
          h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 8, class: 'muted' }, t('none'))))),
        h('div', { class: 'pager' },
          h('button', { class: 'secondary', disabled: filterState.offset === 0, onclick: () => { filterState.offset = Math.max(0, filterState.offset - 50); load(); } }, t('prev')),
          h('span', { class: 'muted', id: 'alert-total' }, t('total', { n: r.total })),
          h('button', { class: 'secondary', disabled: filterState.offset + 50 >= r.total, onclick: () => { filterState.offset += 50; load(); } }, t('next'))));
    } catch (e) {
      put(list, errorBox(e));
    }
  }
  await load();
}

function recordTable(ev) {
  const rows = Object.entries(ev.record).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, MONEY.has(k) && typeof v === 'number' ? `${yuan(v)}` : v === null ? '—' : String(v))));
  return h('table', {}, h('caption', {}, `${ev.role} · ${ev.dataset}${ev.id ? ` · ${ev.id}` : ''}`), h('tbody', {}, rows));
}

function conditionTree(node) {
  if (!node || typeof node !== 'object') return h('span', {}, JSON.stringify(node));
  const mark = node.result === true ? h('span', { class: 'pass' }, '✓ ') : node.result === false ? h('span', { class: 'fail' }, '✗ ') : '';
  const kids = node.children || (node.child ? [node.child] : []);
  const label = node.kind === 'leaf' || node.fact
    ? `${node.fact ?? ''} ${node.operator ?? ''} ${node.value !== undefined ? JSON.stringify(node.value) : ''}${node.factValue !== undefined ? `  ← ${JSON.stringify(node.factValue).slice(0, 160)}` : ''}`
    : (node.kind || node.name || '');
  return h('li', {}, mark, label, kids.length ? h('ul', { class: 'tree' }, kids.map(conditionTree)) : '');
}

function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] || '');
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

async function alertPage(id) {
  facets ??= await api('GET', '/api/alerts/facets').catch(() => ({ villages: [], departments: [] }));
  const a = await api('GET', `/api/alerts/${encodeURIComponent(id)}`);
  const deptName = new Map(facets.departments.map((d) => [d.department_code, d.name]));
  const villageName = new Map(facets.villages.map((v) => [v.village_code, v.village_name]));
  const msg = h('div');
  const explainBox = h('div', { id: 'explanation' });
  const reason = h('textarea', { id: 'reason', name: 'reason', placeholder: t('reason') });
  const files = h('input', { id: 'attachment', type: 'file', multiple: true });
  const transferTo = h('input', { id: 'transfer-department', list: 'transfer-departments', autocomplete: 'off' });
  const transferList = h('datalist', { id: 'transfer-departments' }, facets.departments.filter((d) => d.department_code !== a.department_code).map((d) => h('option', { value: d.department_code }, d.name || d.department_code)));
  const recovered = h('input', { id: 'recovered-amount', type: 'number', min: '0', step: '0.01', inputmode: 'decimal' });
  const measure = h('input', { id: 'measure' });
  const dept = h('select', { id: 'route-department' }, facets.departments.map((d) => h('option', { value: d.department_code, selected: d.department_code === a.department_code }, `${d.name || ''} ${d.department_code}`)));
  const act = async (action) => {
    try {
      const attachments = [];
      for (const f of files.files) attachments.push({ name: f.name, media_type: f.type || 'application/octet-stream', content_base64: await fileToBase64(f) });
      const body = { action, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}), ...(attachments.length ? { attachments } : {}), ...(action === 'push' ? { department_code: dept.value } : {}), ...(action === 'transfer' ? { department_code: transferTo.value.trim() } : {}), ...(action === 'close' ? { recovered_amount: Math.round(Number(recovered.value || 0) * 100), ...(measure.value.trim() ? { measure: measure.value.trim() } : {}) } : {}) };
      await api('POST', `/api/alerts/${encodeURIComponent(id)}/transitions`, body);
      facets = null;
      // A department that transferred the alert away no longer sees it: back to its queue.
      if (action === 'transfer' && me.role === 'department') {
        history.replaceState(null, '', '#/alerts');
        await alertsPage();
      } else await alertPage(id);
      main.prepend(h('div', { class: 'notice', role: 'status' }, `${t('done')}: ${t(`a_${action}`)}`));
    } catch (e) {
      put(msg, errorBox(e));
    }
  };
  const actions = a.actions.length
    ? h('div', { class: 'card', id: 'actions' }, h('h2', {}, t('act')),
        a.actions.includes('push') ? [h('label', { for: 'route-department' }, t('routeTo')), dept] : '',
        a.actions.includes('transfer') ? [h('label', { for: 'transfer-department' }, t('transferTo')), transferTo, transferList] : '',
        a.actions.includes('close') ? [h('label', { for: 'recovered-amount' }, t('recoveredYuan')), recovered, h('label', { for: 'measure' }, t('measure')), measure] : '',
        h('label', { for: 'reason' }, t('reason')), reason,
        h('label', { for: 'attachment' }, t('attach')), files,
        h('div', {}, a.actions.map((x) => h('button', { class: x === 'dismiss' || x === 'comment' || x === 'reply' ? 'action secondary' : 'action', 'data-action': x, type: 'button', onclick: () => act(x) }, t(`a_${x}`)))), msg)
    : '';
  const explainButton = me.role !== 'citizen' && a.source === 'engine'
    ? h('button', { class: 'secondary', id: 'explain', type: 'button', onclick: async () => {
        try {
          const x = await api('GET', `/api/alerts/${encodeURIComponent(id)}/explain`);
          put(explainBox, 
            h('p', {}, x.matched ? h('span', { class: 'pass' }, `✓ ${t('matched')}`) : h('span', { class: 'fail' }, `✗ ${t('notMatched')}`)),
            h('ul', { class: 'tree' }, conditionTree(x.conditions)),
            Object.keys(x.params || {}).length ? [h('h3', {}, t('params')), h('pre', {}, JSON.stringify(x.params, null, 2))] : '',
            x.lookups && Object.keys(x.lookups).length ? [h('h3', {}, t('lookups')), h('pre', {}, JSON.stringify(x.lookups, null, 2))] : '');
        } catch (e) {
          put(explainBox, errorBox(e));
        }
      } }, t('explain'))
    : '';
  put(main, 
    h('p', {}, h('a', { href: '#/alerts' }, t('back'))),
    h('h1', { id: 'alert-title' }, `#${a.seq} ${loc(a.title)} `, stateBadge(a.state), a.escalated ? [' ', h('span', { class: 'badge escalated' }, t('escalated'))] : ''),
    h('div', { class: 'card' },
      h('p', { id: 'alert-message' }, loc(a.message)),
      h('dl', { class: 'kv' },
        h('dt', {}, t('rule')), h('dd', {}, `${a.rule} (${a.rule_version})`),
        h('dt', {}, t('category')), h('dd', {}, tt('cats', a.category)),
        h('dt', {}, t('severity')), h('dd', {}, h('span', { class: `sev-${a.severity}` }, tt('sev', a.severity))),
        h('dt', {}, t('key')), h('dd', {}, a.key),
        h('dt', {}, t('department')), h('dd', {}, deptName.get(a.department_code) || a.department_code || '—'),
        h('dt', {}, t('village')), h('dd', {}, villageName.get(a.village_code) || a.village_code || '—'),
        h('dt', {}, t('idn')), h('dd', {}, a.id_number || '—'),
        h('dt', {}, t('createdAt')), h('dd', {}, day(a.created_at)),
        h('dt', {}, t('pushedAt')), h('dd', {}, day(a.pushed_at) || '—'),
        h('dt', {}, t('due')), h('dd', {}, day(a.due_at) || '—'),
        h('dt', {}, t('amountInvolved')), h('dd', { id: 'alert-amount' }, a.amount === null || a.amount === undefined ? '—' : yuan(a.amount)),
        h('dt', {}, t('level')), h('dd', {}, tt('levels', a.level || 'department')),
        a.recovered_amount === null || a.recovered_amount === undefined ? '' : [h('dt', {}, t('recoveredYuan')), h('dd', { id: 'alert-recovered' }, yuan(a.recovered_amount))],
        a.measure ? [h('dt', {}, t('measure')), h('dd', {}, a.measure)] : '')),
    actions,
    h('div', { class: 'card evidence' }, h('h2', {}, t('evidence')), a.evidence.map(recordTable)),
    explainButton ? h('div', { class: 'card' }, h('h2', {}, t('explanation')), explainButton, explainBox) : '',
    a.attachments.length ? h('div', { class: 'card' }, h('h2', {}, t('attachments')), h('ul', {}, a.attachments.map((f) => h('li', {}, h('a', { href: `/api/alerts/${encodeURIComponent(id)}/attachments/${encodeURIComponent(f.id)}` }, f.name), ` (${f.size} B, sha256 ${f.sha256.slice(0, 12)}…)`)))) : '',
    h('div', { class: 'card' }, h('h2', {}, t('history')),
      h('ol', { class: 'timeline', id: 'history' }, a.events.map((e) =>
        h('li', { class: `t-${e.action}` }, h('strong', {}, TEXT[lang][`a_${e.action}`] ? t(`a_${e.action}`) : t(`e_${e.action}`)), ' ',
          e.from_state && e.from_state !== e.to_state ? [stateBadge(e.from_state), ' → '] : '', stateBadge(e.to_state),
          h('div', { class: 'muted' }, `${day(e.at)} · ${e.actor} · ${tt('roles', e.actor_role)}`),
          e.reason ? h('div', {}, e.reason) : '')))));
}

async function rulesPage() {
  const rules = await api('GET', '/api/rules');
  const table = h('table', { id: 'rules-table' },
    h('thead', {}, h('tr', {}, ['ID', t('title'), t('category'), t('severity'), t('department'), t('source'), t('version'), t('enabled')].map((x) => h('th', {}, x)))),
    h('tbody', {}, rules.map((r) => h('tr', {},
      h('td', {}, h('code', {}, r.id)),
      h('td', {}, loc(r.title), h('div', { class: 'muted' }, loc(r.description))),
      h('td', {}, tt('cats', r.category)),
      h('td', {}, h('span', { class: `sev-${r.severity}` }, tt('sev', r.severity))),
      h('td', {}, loc(r.department)),
      h('td', {}, t(r.source === 'stdlib' ? 'std' : r.source)),
      h('td', {}, r.version_no ? `${r.version} · v${r.version_no}` : r.version),
      h('td', {}, r.enabled ? '✓' : '—')))));
  const editor = me.role === 'discipline' ? customRuleEditor() : '';
  put(main, h('h1', {}, `${t('rules')} (${rules.length})`), editor, table);
}

function customRuleEditor() {
  const text = h('textarea', { id: 'rule-json', rows: 12, spellcheck: 'false' });
  const out = h('div');
  const parse = () => JSON.parse(text.value);
  const run = async (save) => {
    try {
      const rule = parse();
      if (save) {
        const r = await api('POST', '/api/rules/custom', { rule });
        put(out, h('div', { class: 'notice' }, `${r.id} v${r.version_no}`));
        await rulesPage();
      } else {
        const r = await api('POST', '/api/rules/validate', { rule });
        put(out, r.ok ? h('div', { class: 'notice' }, t('valid')) : h('div', { class: 'error' }, h('ul', {}, r.problems.map((p) => h('li', {}, p)))));
      }
    } catch (e) {
      put(out, errorBox(e), e.details?.problems ? h('ul', { class: 'error' }, e.details.problems.map((p) => h('li', {}, p))) : '');
    }
  };
  return h('details', { class: 'card' }, h('summary', {}, t('customRule')), h('label', { for: 'rule-json' }, t('ruleJson')), text,
    h('button', { class: 'secondary', type: 'button', onclick: () => run(false) }, t('validate')), h('button', { class: 'primary', type: 'button', onclick: () => run(true) }, t('save')), out);
}

async function disclosurePage() {
  facets ??= await api('GET', '/api/alerts/facets');
  const villages = facets.villages;
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const village = params.get('village') || me.village_code || villages[0]?.village_code || '';
  const box = h('div', { id: 'disclosure' });
  const sel = h('select', { id: 'd-village', onchange: (ev) => go(`#/disclosure?village=${ev.target.value}`) }, villages.map((v) => h('option', { value: v.village_code, selected: v.village_code === village }, `${v.town_name || ''} ${v.village_name || v.village_code}`)));
  put(main, h('h1', {}, t('disclosure')), h('div', { class: 'card filters' }, h('div', {}, h('label', { for: 'd-village' }, t('village')), sel)), box);
  if (!village) return;
  try {
    const d = await api('GET', `/api/disclosures?village_code=${encodeURIComponent(village)}`);
    put(box, 
      h('h2', {}, `${d.town_name || ''} ${d.village_name || d.village_code}`),
      d.funds.length ? '' : h('p', { class: 'muted' }, t('none')),
      d.funds.map((f, i) => h('details', { class: 'card', open: i === 0 || d.funds.length <= 3 },
        h('summary', {}, `${f.fund_name || f.fund_code} · ${t('recipients')} ${f.recipients} · ${t('sum')} ${yuan(f.total)}`),
        h('table', {}, h('thead', {}, h('tr', {}, [t('name'), t('idNumber'), t('period'), t('payDate'), t('amount')].map((x, i) => h('th', { class: i === 4 ? 'num' : '' }, x)))),
          h('tbody', {}, f.payments.map((p) => h('tr', {}, h('td', {}, p.name), h('td', {}, p.id_number), h('td', {}, p.period), h('td', {}, p.pay_date), h('td', { class: 'num' }, yuan(p.amount)))))))));
  } catch (e) {
    put(box, errorBox(e));
  }
}

async function runsPage() {
  const out = h('div');
  const [runs, imports] = await Promise.all([api('GET', '/api/runs'), api('GET', '/api/imports')]);
  const doIt = async (fn) => {
    try {
      await fn();
      facets = null;
      await runsPage();
    } catch (e) {
      put(out, errorBox(e));
    }
  };
  put(main, h('h1', {}, t('runs')),
    me.role !== 'discipline' ? '' : h('div', { class: 'card' },
      h('button', { class: 'secondary', type: 'button', onclick: () => doIt(() => api('POST', '/api/imports', { kind: 'configured' })) }, t('importConfigured')),
      h('button', { class: 'primary', type: 'button', id: 'run-now', onclick: () => doIt(() => api('POST', '/api/runs', {})) }, t('runNow')),
      h('label', { for: 'upload' }, t('upload')),
      h('input', { id: 'upload', type: 'file', multiple: true, accept: '.csv,.tsv,.ndjson,.json,.xlsx', onchange: (ev) => doIt(async () => {
        const files = [];
        for (const f of ev.target.files) files.push({ name: f.name, content: await fileToBase64(f), encoding: 'base64' });
        await api('POST', '/api/imports/upload', { files });
      }) }), out),
    h('h2', {}, t('runList')),
    h('table', { id: 'runs-table' }, h('thead', {}, h('tr', {}, [t('no'), t('at'), t('asOf'), t('status'), t('findings'), t('newAlerts'), t('reopened'), t('failedRules')].map((x) => h('th', {}, x)))),
      h('tbody', {}, runs.map((r) => h('tr', {}, h('td', {}, `#${r.seq}`), h('td', {}, day(r.started_at)), h('td', {}, r.as_of), h('td', {}, r.status), h('td', { class: 'num' }, r.findings), h('td', { class: 'num' }, r.created_alerts), h('td', { class: 'num' }, r.reopened_alerts), h('td', { class: 'num', title: (r.rules_failed || []).map((f) => f.message).join('\n') }, (r.rules_failed || []).length))))),
    h('h2', {}, t('imports')),
    h('table', { id: 'imports-table' }, h('tbody', {}, imports.map((i) => h('tr', {}, h('td', {}, `#${i.seq}`), h('td', {}, day(i.created_at)), h('td', {}, i.description), h('td', { class: 'num' }, Object.values(i.counts).reduce((n, c) => n + c.loaded, 0)))))));
}

async function auditPage() {
  const result = h('div', { id: 'chain' });
  const [entries, users] = await Promise.all([api('GET', '/api/audit?limit=100'), api('GET', '/api/users')]);
  const who = new Map(users.map((u) => [u.id, `${u.display_name} (${u.username})`]));
  put(main, h('h1', {}, t('audit')),
    h('div', { class: 'card' }, h('button', { class: 'primary', type: 'button', id: 'verify-chain', onclick: async () => {
      try {
        const v = await api('GET', '/api/audit/verify');
        put(result, v.ok ? h('div', { class: 'notice' }, t('chainOk', { n: v.entries })) : h('div', { class: 'error' }, t('chainBroken', { seq: v.broken.seq, reason: v.broken.reason })));
      } catch (e) {
        put(result, errorBox(e));
      }
    } }, t('verify')), result),
    h('table', {}, h('thead', {}, h('tr', {}, ['#', t('at'), t('actor'), t('action'), t('target'), 'hash'].map((x) => h('th', {}, x)))),
      h('tbody', {}, entries.map((e) => h('tr', {}, h('td', {}, e.seq), h('td', {}, day(e.at)), h('td', {}, `${who.get(e.actor) ?? e.actor} · ${tt('roles', e.role)}`), h('td', {}, e.action), h('td', {}, e.target), h('td', {}, h('code', {}, e.hash.slice(0, 16))))))));
}

// ---- routing -----------------------------------------------------------------------------

async function route() {
  translateStatic();
  renderNav();
  const hash = location.hash || '#/';
  if (!me) return loginPage();
  try {
    const [path] = hash.slice(1).split('?');
    // Counted into the statistics (page views per page and channel); never in the way of the page.
    fetch('/api/views', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: path.split('/')[1] || 'home', channel: ['kiosk', 'wechat', 'mobile'].includes(new URLSearchParams(location.search).get('channel')) ? new URLSearchParams(location.search).get('channel') : 'web' }) }).catch(() => undefined);
    const m = /^\/alerts\/([\w-]+)$/.exec(path);
    if (m) return await alertPage(m[1]);
    switch (path) {
      case '/rules': return await rulesPage();
      case '/disclosure': return await disclosurePage();
      case '/runs': return await runsPage();
      case '/audit': return await auditPage();
      case '/alerts': return await alertsPage();
      default: return go('#/alerts');
    }
  } catch (e) {
    put(main, errorBox(e));
  }
}

async function start(hash) {
  try {
    me = await api('GET', '/api/me');
  } catch {
    me = null;
  }
  facets = null;
  // A citizen's pages, and a kiosk's, are /citizen (mobile first, no staff menu).
  if (me?.role === 'citizen') return location.replace('/citizen');
  if (!me && (new URLSearchParams(location.search).get('kiosk') === '1' || (await api('GET', '/api/public/config').catch(() => ({}))).kiosk)) return location.replace('/citizen?kiosk=1');
  if (hash) go(hash);
  else route();
}

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('sunshine.lang', lang);
  route();
});
document.getElementById('logout').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  me = null;
  go('#/login');
});
window.addEventListener('hashchange', route);
start();
