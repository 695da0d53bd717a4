/* global document, window, location, fetch, Node, URLSearchParams, setTimeout, clearTimeout, navigator */
// Shared by the citizen and public pages (citizen.js, public.js): building elements, calling the
// API, money in yuan, and kiosk mode (idle sign-out). Plain JavaScript, no external resources,
// no pop-ups (alert/prompt/confirm do not work well inside a WeChat web-view).

/** Builds an element: h('div', { class: 'x' }, 'text', child…). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false && c !== '') el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Replaces an element's children. */
export function put(el, ...children) {
  el.replaceChildren();
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false && c !== '') el.append(c instanceof Node ? c : document.createTextNode(String(c)));
}

/** Fen → yuan with two decimals and thousands separators. */
export const yuan = (fen) => (fen === null || fen === undefined ? '' : (Number(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/**
 * Where the page is seen, for the statistics' page views and look-ups (#17): a kiosk, WeChat
 * (公众号 or mini-program web-view), a phone, or the web.
 */
export function channel() {
  if (document.documentElement.classList.contains('kiosk') || new URLSearchParams(location.search).get('kiosk') === '1') return 'kiosk';
  if (/MicroMessenger/i.test(navigator.userAgent)) return 'wechat';
  return /Mobi|Android|iPhone/i.test(navigator.userAgent) ? 'mobile' : 'web';
}

export async function api(method, url, body) {
  const headers = { 'x-sunshine-channel': channel(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await fetch(url, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = new Error(data?.error?.message || res.statusText);
    err.status = res.status;
    throw err;
  }
  return data;
}

export const errorBox = (e) => h('div', { class: 'error', role: 'alert' }, e.status === 429 ? '查询太频繁，请稍后再试。' : e.status === 401 ? '登录已过期，请重新登录。' : e.message);

/** Reports a page view to the statistics (never fails the page). */
export function countView(page) {
  api('POST', '/api/views', { page, channel: channel() }).catch(() => undefined);
}

/** The page's query parameters. */
export const query = () => new URLSearchParams(location.search);

let config;
/** The server's settings for these pages (kiosk mode, idle seconds), fetched once. */
export async function pageConfig() {
  config ??= await api('GET', '/api/public/config').catch(() => ({ kiosk: false, idle_seconds: 60, citizen_session_minutes: 30, notice_days: 7 }));
  return config;
}

/** Kiosk mode: the server runs with --kiosk, or the page was opened with ?kiosk=1. */
export async function isKiosk() {
  if (query().get('kiosk') === '1') return true;
  return (await pageConfig()).kiosk;
}

/**
 * Starts the idle timer of a kiosk: after `seconds` without a touch, a key or a scroll, calls
 * `onIdle` (sign out, back to the start). Returns a function that stops it.
 */
export function idleTimer(seconds, onIdle) {
  let timer;
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, seconds * 1000);
  };
  const events = ['pointerdown', 'keydown', 'touchstart', 'scroll', 'input'];
  for (const e of events) window.addEventListener(e, reset, { passive: true, capture: true });
  reset();
  return () => {
    clearTimeout(timer);
    for (const e of events) window.removeEventListener(e, reset, { capture: true });
  };
}

/** Marks the document for kiosk styling (large targets) when in kiosk mode. */
export async function applyKiosk() {
  const kiosk = await isKiosk();
  document.documentElement.classList.toggle('kiosk', kiosk);
  return kiosk;
}

/** A pager: 上一页 / 第 n / m 页 / 下一页. */
export function pager(p, go) {
  if (p.pages <= 1) return '';
  return h('nav', { class: 'pager', 'aria-label': '分页' },
    h('button', { type: 'button', class: 'btn ghost', disabled: p.page <= 1, 'data-page': 'prev', onclick: () => go(p.page - 1) }, '上一页'),
    h('span', { class: 'muted' }, `第 ${p.page} / ${p.pages} 页（共 ${p.total} 条）`),
    h('button', { type: 'button', class: 'btn ghost', disabled: p.page >= p.pages, 'data-page': 'next', onclick: () => go(p.page + 1) }, '下一页'));
}
