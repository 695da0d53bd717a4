/* global document, window, location, history, URLSearchParams */
// 村务公开 and 公示 without signing in: a village's disclosed payments (masked, paged), its
// books (totals by month and category), contracts and assets. Mobile first; every text is
// written with textContent, never as HTML.
import { api, applyKiosk, countView, errorBox, h, idleTimer, pageConfig, pager, put, yuan } from './common.js';

const main = document.getElementById('main');
const TABS = [['disclosure', '公示'], ['ledger', '财务'], ['contracts', '合同'], ['assets', '资产']];
const CATEGORY = { contract_income: '承包收入', subsidy_income: '补助收入', salary: '工资', construction: '工程建设', hospitality: '招待费', office: '办公费', labor: '劳务费', other: '其他' };
const SUBJECT = { land: '土地', building: '房屋', pond: '坑塘', forest: '林地', equipment: '设备', other: '其他' };
const STATUS = { in_use: '在用', leased: '出租', idle: '闲置', disposed: '已处置' };
let villages = null;

const params = () => new URLSearchParams(location.search);

/** Goes to the same page with other parameters (kept in the address, so Back works). */
function nav(changes) {
  const p = params();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') p.delete(k);
    else p.set(k, String(v));
  }
  history.pushState(null, '', `/public?${p}`);
  render();
}

function villagePicker(current) {
  const towns = new Map();
  for (const v of villages) {
    if (!towns.has(v.town_code)) towns.set(v.town_code, { name: v.town_name || v.town_code, list: [] });
    towns.get(v.town_code).list.push(v);
  }
  return h('label', { class: 'field' }, h('span', {}, '选择村'),
    h('select', { id: 'village', onchange: (ev) => nav({ village: ev.target.value, page: '', fund: '', period: '', year: '' }) },
      current ? '' : h('option', { value: '' }, '请选择'),
      [...towns.values()].map((t) => h('optgroup', { label: t.name }, t.list.map((v) => h('option', { value: v.village_code, selected: v.village_code === current }, v.village_name || v.village_code))))));
}

/** The fund list of the village (all disclosed funds), kept while one fund is shown. */
let allFunds = { key: '', funds: [] };
const fundsAll = (d) => {
  allFunds = { key: `${d.village.village_code}|${d.period ?? ''}`, funds: d.funds };
  return d.funds;
};

async function disclosureTab(box, village, p) {
  if (p.get('fund') && allFunds.key !== `${village}|${p.get('period') ?? ''}`) {
    const q0 = new URLSearchParams({ village, page_size: '1' });
    if (p.get('period')) q0.set('period', p.get('period'));
    fundsAll(await api('GET', `/api/public/disclosures?${q0}`));
  }
  const q = new URLSearchParams({ village, page: p.get('page') || '1', page_size: '20' });
  if (p.get('fund')) q.set('fund', p.get('fund'));
  if (p.get('period')) q.set('period', p.get('period'));
  const d = await api('GET', `/api/public/disclosures?${q}`);
  const show = new Set(d.fields);
  put(box,
    h('p', { class: 'notice', id: 'notice' }, `公示期：${d.notice.from} 至 ${d.notice.to}（${d.notice.days} 天）。对公示内容有异议的，可向村务监督委员会或乡镇反映。`),
    h('label', { class: 'field' }, h('span', {}, '期别'),
      h('select', { id: 'period', onchange: (ev) => nav({ period: ev.target.value, page: '' }) },
        h('option', { value: '' }, '各项目最近一期'), d.periods.map((x) => h('option', { value: x, selected: x === d.period }, x)))),
    d.funds.length === 0 ? h('p', { class: 'muted' }, '本期没有公示的补贴发放。') : '',
    h('label', { class: 'field' }, h('span', {}, '资金项目'),
      h('select', { id: 'fund', onchange: (ev) => nav({ fund: ev.target.value, page: '' }) },
        h('option', { value: '' }, `全部项目（${d.funds.length} 项）`), (p.get('fund') ? allFunds.funds : fundsAll(d)).map((f) => h('option', { value: f.fund_code, selected: f.fund_code === p.get('fund') }, `${f.fund_name || f.fund_code}（${f.recipients} 人）`)))),
    h('details', { class: 'summary', open: d.funds.length <= 3 }, h('summary', {}, `各项目汇总：${d.funds.reduce((t, f) => t + f.recipients, 0)} 人次，${yuan(d.funds.reduce((t, f) => t + f.total, 0))} 元`),
    h('ul', { class: 'cards', id: 'funds' }, d.funds.map((f) => h('li', {},
      h('button', { type: 'button', class: `card-btn${p.get('fund') === f.fund_code ? ' active' : ''}`, 'data-fund': f.fund_code, onclick: () => nav({ fund: p.get('fund') === f.fund_code ? '' : f.fund_code, page: '' }) },
        h('strong', {}, f.fund_name || f.fund_code),
        h('span', { class: 'row' }, h('span', { class: 'muted' }, `${f.period} · ${f.recipients} 人`), h('span', { class: 'money' }, `${yuan(f.total)} 元`))))))),
    p.get('fund') ? h('p', {}, h('button', { type: 'button', class: 'btn ghost', onclick: () => nav({ fund: '', page: '' }) }, '← 看全部项目')) : '',
    h('ol', { class: 'list', id: 'payments' }, d.page.rows.map((r) => h('li', { class: 'row' },
      h('span', { class: 'who' }, show.has('name') ? h('strong', {}, r.name) : '', show.has('id_number') ? h('small', { class: 'idn' }, r.id_number) : '',
        h('small', { class: 'muted' }, [d.funds.find((f) => f.fund_code === r.fund_code)?.fund_name || r.fund_code, show.has('period') ? r.period : '', show.has('pay_date') ? r.pay_date : ''].filter(Boolean).join(' · '))),
      show.has('amount') ? h('span', { class: 'money' }, yuan(r.amount)) : ''))),
    pager(d.page, (page) => nav({ page })));
}

async function ledgerTab(box, village, p) {
  const q = new URLSearchParams({ village });
  if (p.get('year')) q.set('year', p.get('year'));
  const l = await api('GET', `/api/public/ledger?${q}`);
  const label = (c) => CATEGORY[c] || c;
  put(box,
    h('label', { class: 'field' }, h('span', {}, '年度'), h('select', { id: 'year', onchange: (ev) => nav({ year: ev.target.value }) }, l.years.map((y) => h('option', { value: y, selected: y === l.year }, `${y} 年`)))),
    h('div', { class: 'totals', id: 'ledger-totals' },
      h('div', {}, h('small', { class: 'muted' }, '收入'), h('strong', { class: 'money' }, `${yuan(l.income)} 元`)),
      h('div', {}, h('small', { class: 'muted' }, '支出'), h('strong', { class: 'money' }, `${yuan(l.expense)} 元`))),
    h('h2', {}, '按月'),
    l.months.length ? '' : h('p', { class: 'muted' }, '本年度没有记账。'),
    h('ol', { class: 'list', id: 'months' }, l.months.map((m) => h('li', { class: 'row' }, h('span', {}, m.month, h('small', { class: 'muted' }, ` ${m.entries} 笔`)), h('span', { class: 'money' }, h('small', { class: 'muted' }, '收 '), yuan(m.income), h('br'), h('small', { class: 'muted' }, '支 '), yuan(m.expense))))),
    h('h2', {}, '按类别'),
    h('ol', { class: 'list', id: 'categories' }, l.categories.map((c) => h('li', { class: 'row' }, h('span', {}, `${c.direction === 'income' ? '收入' : '支出'} · ${label(c.category)}`, h('small', { class: 'muted' }, ` ${c.entries} 笔`)), h('span', { class: 'money' }, yuan(c.total))))));
}

async function contractsTab(box, village, p) {
  const c = await api('GET', `/api/public/contracts?${new URLSearchParams({ village, page: p.get('page') || '1' })}`);
  put(box,
    c.contracts.total ? '' : h('p', { class: 'muted' }, '没有合同。'),
    h('ul', { class: 'cards', id: 'contracts' }, c.contracts.rows.map((x) => h('li', { class: 'card' },
      h('div', { class: 'row' }, h('strong', {}, x.subject_desc || x.contract_id), h('span', { class: `chip ${x.in_force ? 'ok' : ''}` }, x.in_force ? '履行中' : '已到期')),
      h('div', { class: 'muted' }, `${SUBJECT[x.subject_type] || x.subject_type || ''}${x.area ? ` · ${x.area} 亩` : ''} · ${x.contract_id}`),
      h('div', {}, `承包方：${x.counterparty}`),
      h('div', { class: 'row' }, h('span', { class: 'muted' }, `${x.start_date || ''} 至 ${x.end_date || ''}`), h('span', { class: 'money' }, `${yuan(x.annual_amount)} 元/年`))))),
    pager(c.contracts, (page) => nav({ page })));
}

async function assetsTab(box, village, p) {
  const a = await api('GET', `/api/public/assets?${new URLSearchParams({ village, page: p.get('page') || '1' })}`);
  put(box,
    h('div', { class: 'totals' }, h('div', {}, h('small', { class: 'muted' }, '资产原值合计（不含已处置）'), h('strong', { class: 'money' }, `${yuan(a.total_value)} 元`))),
    a.assets.total ? '' : h('p', { class: 'muted' }, '没有登记的资产。'),
    h('ul', { class: 'cards', id: 'assets' }, a.assets.rows.map((x) => h('li', { class: 'card' },
      h('div', { class: 'row' }, h('strong', {}, x.name || x.asset_id), h('span', { class: 'chip' }, STATUS[x.status] || x.status || '')),
      h('div', { class: 'row' }, h('span', { class: 'muted' }, `${x.asset_type || ''} · ${x.asset_id}`), h('span', { class: 'money' }, `${yuan(x.original_value)} 元`))))),
    pager(a.assets, (page) => nav({ page })));
}

async function render() {
  const p = params();
  try {
    villages ??= await api('GET', '/api/public/villages');
  } catch (e) {
    put(main, errorBox(e));
    return;
  }
  const village = p.get('village') || (villages.length === 1 ? villages[0].village_code : '');
  const tab = TABS.some(([k]) => k === p.get('tab')) ? p.get('tab') : 'disclosure';
  const v = villages.find((x) => x.village_code === village);
  const box = h('section', { id: 'tab-body' });
  put(main,
    h('h1', {}, v ? `${v.town_name || ''} ${v.village_name || v.village_code}` : '村务公开'),
    villagePicker(village),
    village ? h('nav', { class: 'tabs', id: 'tabs' }, TABS.map(([k, label]) => h('button', { type: 'button', class: k === tab ? 'active' : '', 'data-tab': k, 'aria-pressed': String(k === tab), onclick: () => nav({ tab: k, page: '', fund: '', period: '', year: '' }) }, label))) : h('p', { class: 'muted' }, '选择一个村，查看它的补贴公示、财务、合同和资产。'),
    box);
  if (!village) return;
  countView(`public/${tab}`);
  put(box, h('p', { class: 'muted' }, '加载中…'));
  try {
    if (tab === 'ledger') await ledgerTab(box, village, p);
    else if (tab === 'contracts') await contractsTab(box, village, p);
    else if (tab === 'assets') await assetsTab(box, village, p);
    else await disclosureTab(box, village, p);
  } catch (e) {
    put(box, errorBox(e));
  }
}

window.addEventListener('popstate', render);
render();
applyKiosk().then(async (kiosk) => {
  if (!kiosk) return;
  document.getElementById('to-citizen').setAttribute('href', '/citizen?kiosk=1');
  // A kiosk signs out and goes back to its start page when nobody touches it.
  idleTimer((await pageConfig()).idle_seconds, async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    location.replace('/citizen?kiosk=1');
  });
});
