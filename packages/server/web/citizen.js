/* global document, URLSearchParams, FormData, Event */
// 群众查询: a citizen signs in with ID number and name, sees their own payments, confirms each
// one received (认账) or reports it not received, and goes on to their village's public pages.
// Kiosk mode (--kiosk, or ?kiosk=1): an on-screen keypad for the ID number, large targets, no
// staff links, sign-out after a minute without a touch. No pop-ups: everything is inline.
import { api, applyKiosk, countView, errorBox, h, idleTimer, pageConfig, put, yuan } from './common.js';

const main = document.getElementById('main');
const logout = document.getElementById('logout');
let kiosk = false;
let stopIdle = null;
let me = null;

const publicLink = (village) => `/public?${new URLSearchParams({ ...(village ? { village } : {}), ...(kiosk ? { kiosk: '1' } : {}) })}`;

async function signOut() {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  me = null;
  stopIdle?.();
  stopIdle = null;
  signInPage(h('div', { class: 'notice', role: 'status', id: 'signed-out' }, '已退出。'));
}
logout.addEventListener('click', signOut);

/** The on-screen keypad of a kiosk: digits, X, delete, clear. */
function keypad(input) {
  const press = (k) => {
    if (k === '⌫') input.value = input.value.slice(0, -1);
    else if (k === '清空') input.value = '';
    else if (input.value.length < 18) input.value += k;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  return h('div', { class: 'keypad', id: 'keypad', role: 'group', 'aria-label': '身份证号键盘' },
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', '⌫', '清空'].map((k) => h('button', { type: 'button', 'data-key': k, class: k === '清空' ? 'wide' : '', onclick: () => press(k) }, k)));
}

function signInPage(note) {
  logout.hidden = true;
  countView('citizen/sign-in');
  const err = h('div');
  const idInput = h('input', { id: 'id_number', name: 'id_number', maxlength: 18, required: true, autocomplete: 'off', spellcheck: 'false', inputmode: kiosk ? 'none' : 'text', readonly: kiosk, placeholder: '18 位身份证号' });
  const form = h('form', { class: 'panel', id: 'citizen-login', onsubmit: async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    try {
      await api('POST', '/api/auth/citizen', { id_number: String(f.get('id_number')).trim().toUpperCase(), name: String(f.get('name')).trim() });
      await start();
    } catch (e) {
      put(err, errorBox(e));
    }
  } },
    h('h1', {}, '查询本人补贴'),
    h('p', { class: 'muted' }, '输入本人身份证号和姓名，查看发给您的补贴，确认是否收到。'),
    h('label', { class: 'field' }, h('span', {}, '身份证号'), idInput),
    kiosk ? keypad(idInput) : '',
    h('label', { class: 'field' }, h('span', {}, '姓名'), h('input', { id: 'cname', name: 'name', required: true, autocomplete: kiosk ? 'off' : 'name' })),
    h('button', { class: 'btn primary block', type: 'submit' }, '查询'), err);
  put(main, note, form,
    h('p', { class: 'center' }, h('a', { class: 'btn ghost block', href: publicLink(null), id: 'to-public' }, '不登录，看各村公示和村务公开 →')),
    kiosk ? '' : h('p', { class: 'center small' }, h('a', { href: '/', id: 'to-staff' }, '工作人员登录')));
}

function paymentCard(p, ack, reload) {
  const confirmed = ack.confirmations.find((c) => c.payment_id === p.payment_id);
  const disputed = ack.disputes.find((d) => d.payment_id === p.payment_id);
  const msg = h('div');
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 500, placeholder: '请说明情况，如：本人没有收到这笔钱' });
  const form = h('form', { class: 'dispute', hidden: true, onsubmit: async (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) return put(msg, h('div', { class: 'error' }, '请写明情况。'));
    try {
      await api('POST', '/api/citizen/disputes', { payment_id: p.payment_id, reason: reason.value.trim() });
      await reload('已提交反映，将推送至主管部门核实。');
    } catch (e) {
      put(msg, errorBox(e));
    }
  } }, reason, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, '提交反映'), h('button', { type: 'button', class: 'btn ghost', onclick: () => (form.hidden = true) }, '取消')));
  const status = confirmed
    ? h('span', { class: 'chip ok' }, `已确认收到 ${confirmed.confirmed_at.slice(0, 10)}`)
    : disputed
      ? h('span', { class: 'chip warn' }, '已反映未收到，核实中')
      : h('span', { class: 'chip' }, '待确认');
  return h('li', { class: 'card payment', 'data-payment': p.payment_id },
    h('div', { class: 'row' }, h('strong', {}, p.fund_name || p.fund_code), h('span', { class: 'money big' }, `${yuan(p.amount)} 元`)),
    h('div', { class: 'row' }, h('span', { class: 'muted' }, `${p.period} 期 · ${p.pay_date} 发放`), status),
    confirmed || disputed ? '' : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn primary', 'data-action': 'confirm', onclick: async () => {
        try {
          await api('POST', '/api/citizen/confirmations', { payment_id: p.payment_id });
          await reload('已确认收到，谢谢。');
        } catch (e) {
          put(msg, errorBox(e));
        }
      } }, '确认收到'),
      h('button', { type: 'button', class: 'btn ghost', 'data-action': 'dispute', onclick: () => {
        form.hidden = false;
        reason.focus();
      } }, '未收到？反映')),
    form, msg);
}

async function paymentsPage(note) {
  logout.hidden = false;
  countView('citizen/payments');
  const [payments, ack] = await Promise.all([api('GET', '/api/citizen/payments'), api('GET', '/api/citizen/acknowledgements')]);
  const reload = async (text) => paymentsPage(h('div', { class: 'notice', role: 'status' }, text));
  const total = payments.reduce((t, p) => t + p.amount, 0);
  put(main, note,
    h('h1', { id: 'who' }, `${me.name}，您好`),
    h('div', { class: 'totals' },
      h('div', {}, h('small', { class: 'muted' }, `共 ${payments.length} 笔补贴`), h('strong', { class: 'money' }, `${yuan(total)} 元`)),
      h('div', {}, h('small', { class: 'muted' }, '已确认收到'), h('strong', { id: 'confirmed-count' }, `${ack.confirmations.length} 笔`))),
    payments.length ? '' : h('p', { class: 'muted' }, '没有查到发给您的补贴。'),
    h('ul', { class: 'cards', id: 'my-payments' }, payments.map((p) => paymentCard(p, ack, reload))),
    h('p', {}, h('a', { class: 'btn ghost block', id: 'to-village', href: publicLink(me.village_code) }, '本村公示和村务公开 →')),
    kiosk ? h('p', {}, h('button', { type: 'button', class: 'btn primary block', id: 'kiosk-logout', onclick: signOut }, '查询完毕，退出')) : '');
}

async function start() {
  try {
    me = await api('GET', '/api/me');
  } catch {
    me = null;
  }
  if (!me || me.role !== 'citizen') return signInPage(me ? h('div', { class: 'notice' }, '您已用工作人员账号登录；群众查询请先退出。') : '');
  if (kiosk && !stopIdle) stopIdle = idleTimer((await pageConfig()).idle_seconds, signOut);
  try {
    await paymentsPage();
  } catch (e) {
    if (e.status === 401) return signInPage(errorBox(e));
    put(main, errorBox(e));
  }
}

// No top-level await: older WeChat web-views do not have it.
applyKiosk().then((k) => {
  kiosk = k;
  return start();
});
