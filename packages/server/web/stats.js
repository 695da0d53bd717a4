/* global document, localStorage, location, fetch, URLSearchParams */
// The statistics page (统计): GET /api/stats drawn as figures, tables and bars, within the
// signed-in account's jurisdiction; the XLSX export; the page reports its own view (POST /api/views).
import { h } from './common.js';

const TEXT = {
  zh: {
    title: '统计分析', back: '预警', signIn: '请先登录', xlsx: '导出 Excel', generated: '统计时间', scope: '范围',
    alerts: '预警总数', open: '未办结', overdue: '超期未核实', escalated: '已升级至纪委监委', confirmed: '已确认', closed: '已办结', dismissed: '已排除',
    amount_involved: '涉及金额（元）', amount_confirmed: '其中已确认（元）', amount_recovered: '追回金额（元）',
    byState: '按状态', byDepartment: '按部门', byTown: '按乡镇', byVillage: '按村', byFund: '按资金', byCategory: '按类别', byMonth: '按月份', views: '浏览与查询',
    code: '代码', name: '名称', count: '预警数', amount: '涉及金额', recovered: '追回金额', month: '月份', created: '新增', page: '页面', channel: '渠道', pageViews: '浏览', lookups: '查询', state: '状态', none: '没有记录',
    foot: '金额单位：元；统计范围为本账号的管辖范围。',
  },
  en: {
    title: 'Statistics', back: 'Alerts', signIn: 'Sign in first', xlsx: 'Export to Excel', generated: 'As of', scope: 'Scope',
    alerts: 'Alerts', open: 'Open', overdue: 'Overdue', escalated: 'Escalated to the commission', confirmed: 'Confirmed', closed: 'Closed', dismissed: 'Dismissed',
    amount_involved: 'Money involved (yuan)', amount_confirmed: 'Of it confirmed (yuan)', amount_recovered: 'Money recovered (yuan)',
    byState: 'By state', byDepartment: 'By department', byTown: 'By town', byVillage: 'By village', byFund: 'By fund', byCategory: 'By category', byMonth: 'By month', views: 'Views and look-ups',
    code: 'Code', name: 'Name', count: 'Alerts', amount: 'Involved', recovered: 'Recovered', month: 'Month', created: 'Raised', page: 'Page', channel: 'Channel', pageViews: 'Views', lookups: 'Look-ups', state: 'State', none: 'Nothing here',
    foot: 'Money in yuan; within the account’s jurisdiction.',
  },
};
let lang = localStorage.getItem('sunshine.lang') === 'en' ? 'en' : 'zh';
const t = (k) => TEXT[lang][k] ?? TEXT.zh[k] ?? k;
const main = document.getElementById('main');
const yuan = (fen) => (Number(fen) / 100).toFixed(2);
const channel = ['web', 'kiosk', 'wechat', 'mobile', 'api'].includes(new URLSearchParams(location.search).get('channel')) ? new URLSearchParams(location.search).get('channel') : 'web';

async function api(method, url, body) {
  const res = await fetch(url, { method, credentials: 'same-origin', headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = new Error(data?.error?.message || res.statusText);
    err.status = res.status;
    throw err;
  }
  return data;
}

function bar(value, max, cls = '') {
  const b = h('div', { class: `bar ${cls}` });
  // Through the CSSOM: the CSP forbids inline style attributes.
  b.style.width = `${max > 0 ? Math.max(0.5, (100 * value) / max) : 0}%`;
  return b;
}

function figure(key, value, money = false) {
  return h('div', { class: `figure${money ? ' money' : ''}`, 'data-stat': key, 'data-value': String(value) }, h('div', { class: 'label' }, t(key)), h('div', { class: 'value' }, money ? yuan(value) : String(value)));
}

function bucketTable(id, list) {
  if (list.length === 0) return h('p', { class: 'muted' }, t('none'));
  const max = Math.max(...list.map((b) => b.amount));
  return h('table', { id },
    h('thead', {}, h('tr', {}, [t('code'), t('name'), t('count'), t('overdue'), t('closed'), t('amount'), t('recovered'), ''].map((x, i) => h('th', { class: i >= 2 && i <= 6 ? 'num' : '' }, x)))),
    h('tbody', {}, list.map((b) => h('tr', { 'data-code': b.code },
      h('td', {}, b.code), h('td', {}, b.name ?? ''), h('td', { class: 'num' }, b.alerts), h('td', { class: 'num' }, b.overdue), h('td', { class: 'num' }, b.closed),
      h('td', { class: 'num', 'data-fen': b.amount }, yuan(b.amount)), h('td', { class: 'num', 'data-fen': b.recovered }, yuan(b.recovered)),
      h('td', { class: 'barcell' }, bar(b.amount, max), bar(b.recovered, max, 'recovered'))))));
}

async function render() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.getElementById('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.getElementById('back').textContent = t('back');
  document.getElementById('foot').textContent = t('foot');
  let me;
  try {
    me = await api('GET', '/api/me');
  } catch {
    main.replaceChildren(h('p', {}, h('a', { href: '/' }, t('signIn'))));
    return;
  }
  document.getElementById('who').textContent = me.name;
  let s;
  try {
    s = await api('GET', '/api/stats');
  } catch (e) {
    main.replaceChildren(h('div', { class: 'error', role: 'alert' }, e.message));
    return;
  }
  const tot = s.totals;
  const scope = s.scope.department_code || s.scope.village_code || s.scope.town_code || '';
  const monthMax = Math.max(1, ...s.by_month.map((m) => m.created));
  main.replaceChildren(
    h('h1', {}, t('title')),
    h('div', { class: 'stats-tools' }, h('span', { class: 'muted', id: 'generated' }, `${t('generated')} ${s.generated_at.slice(0, 16).replace('T', ' ')} · ${t('scope')} ${s.scope.role}${scope ? ` ${scope}` : ''}`), h('a', { class: 'button', id: 'xlsx', href: '/api/stats.xlsx', download: '' }, t('xlsx'))),
    h('div', { class: 'figures', id: 'totals' },
      ['alerts', 'open', 'overdue', 'escalated', 'confirmed', 'closed', 'dismissed'].map((k) => figure(k, tot[k])),
      ['amount_involved', 'amount_confirmed', 'amount_recovered'].map((k) => figure(k, tot[k], true))),
    h('div', { class: 'card' }, h('h2', {}, t('byState')),
      h('table', { id: 'by-state' }, h('thead', {}, h('tr', {}, [t('state'), t('count'), t('amount')].map((x, i) => h('th', { class: i ? 'num' : '' }, x)))),
        h('tbody', {}, s.by_state.map((x) => h('tr', { 'data-state': x.state }, h('td', {}, x.name[lang] || x.name.zh), h('td', { class: 'num' }, x.alerts), h('td', { class: 'num', 'data-fen': x.amount }, yuan(x.amount))))))),
    h('div', { class: 'card' }, h('h2', {}, t('byMonth')),
      h('table', { id: 'by-month' }, h('thead', {}, h('tr', {}, [t('month'), t('created'), t('amount'), t('closed'), t('recovered'), ''].map((x, i) => h('th', { class: i && i < 5 ? 'num' : '' }, x)))),
        h('tbody', {}, s.by_month.map((m) => h('tr', { 'data-month': m.month }, h('td', {}, m.month), h('td', { class: 'num' }, m.created), h('td', { class: 'num', 'data-fen': m.amount }, yuan(m.amount)), h('td', { class: 'num' }, m.closed), h('td', { class: 'num', 'data-fen': m.recovered }, yuan(m.recovered)), h('td', { class: 'barcell' }, bar(m.created, monthMax))))))),
    ...[['byDepartment', 'by-department', s.by_department], ['byTown', 'by-town', s.by_town], ['byVillage', 'by-village', s.by_village], ['byFund', 'by-fund', s.by_fund], ['byCategory', 'by-category', s.by_category]].map(([k, id, list]) => h('div', { class: 'card' }, h('h2', {}, t(k)), bucketTable(id, list))),
    h('div', { class: 'card' }, h('h2', {}, t('views')),
      s.views.length === 0 ? h('p', { class: 'muted' }, t('none')) : h('table', { id: 'views' }, h('thead', {}, h('tr', {}, [t('page'), t('channel'), t('pageViews'), t('lookups')].map((x, i) => h('th', { class: i > 1 ? 'num' : '' }, x)))),
        h('tbody', {}, s.views.map((v) => h('tr', {}, h('td', {}, v.page), h('td', {}, v.channel), h('td', { class: 'num' }, v.views), h('td', { class: 'num' }, v.lookups)))))),
  );
}

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('sunshine.lang', lang);
  render();
});
api('POST', '/api/views', { page: 'stats', channel }).catch(() => undefined);
render();
