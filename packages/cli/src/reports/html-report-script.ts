/**
 * The inline script of the HTML report: filters, folded repeats, sorting by amount, pagination,
 * details, language toggle. Plain ES2017 with no dependencies; it reads the report data from
 * the JSON script element. Rows come in the order the report computed (`groups`: severity,
 * amount, key, with one person's repeats of one rule in one group); a filter keeps a group's
 * matching members.
 */
export const HTML_REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('sunshine-data').textContent);
  var F = D.findings, G = D.groups, N = D.names, X = D.explanations || {}, C = D.categories, S = D.severities, M = D.model;
  var R = {};
  D.rules.forEach(function (r) { R[r.id] = r; });
  var lang = 'zh';
  var PAGE = 50;
  var state = { page: 0, rows: [], open: {}, openG: {}, sort: 0 };
  var SEV = ['critical', 'high', 'medium', 'low'];
  var RANK = { critical: 0, high: 1, medium: 2, low: 3 };
  /** Code fields shown with their names: 孙村 (371426001247). */
  var CODES = { town_code: 'towns', village_code: 'villages', department_code: 'departments' };
  var UI = {
    zh: { all: '全部', category: '类别', severity: '风险等级', town: '乡镇', village: '村', department: '部门', search: '搜索：身份证号、姓名、编号、说明…', page: '页', prev: '上一页', next: '下一页', evidence: '证据', explanation: '判定过程', none: '没有符合条件的预警', fingerprint: '指纹', times: '次', to: '至', more: '等', total: '合计', yuan: '元', noexpl: '（本报告未包含该条的逐项判定；可用 sunshine explain 查看）' },
    en: { all: 'All', category: 'Category', severity: 'Severity', town: 'Town', village: 'Village', department: 'Department', search: 'Search: ID number, name, key, message…', page: 'page', prev: 'Previous', next: 'Next', evidence: 'Evidence', explanation: 'Explanation', none: 'No findings match the filters', fingerprint: 'fingerprint', times: 'times', to: 'to', more: 'and', total: 'total', yuan: 'yuan', noexpl: '(no condition-by-condition explanation in this report; run sunshine explain)' }
  };
  function $(id) { return document.getElementById(id); }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function name(map, code) { return code == null ? '' : (map[code] ? map[code] + ' (' + code + ')' : code); }
  var els = { category: $('f-category'), severity: $('f-severity'), town: $('f-town'), village: $('f-village'), department: $('f-department'), text: $('f-text') };

  function counts(get) { var m = {}; F.forEach(function (f) { var k = get(f); if (k != null) m[k] = (m[k] || 0) + 1; }); return m; }
  function fillSelect(sel, label, m, show, order) {
    var keys = order ? order.filter(function (k) { return m[k]; }) : Object.keys(m).sort();
    sel.innerHTML = '<option value="">' + esc(UI[lang][label]) + ': ' + esc(UI[lang].all) + '</option>' + keys.map(function (k) { return '<option value="' + esc(k) + '">' + esc(show(k)) + ' · ' + m[k] + '</option>'; }).join('');
  }
  function fillFilters() {
    var keep = {};
    Object.keys(els).forEach(function (k) { keep[k] = els[k].value; });
    fillSelect(els.category, 'category', counts(function (f) { return f.category; }), function (k) { return C[k] ? C[k][lang] : k; }, Object.keys(C));
    fillSelect(els.severity, 'severity', counts(function (f) { return f.severity; }), function (k) { return S[k] ? S[k][lang] : k; }, SEV);
    fillSelect(els.town, 'town', counts(function (f) { return f.town_code; }), function (k) { return name(N.towns, k); });
    fillSelect(els.village, 'village', counts(function (f) { return f.village_code; }), function (k) { return name(N.villages, k); });
    fillSelect(els.department, 'department', counts(function (f) { return f.department_code; }), function (k) { return name(N.departments, k); });
    els.text.placeholder = UI[lang].search;
    Object.keys(els).forEach(function (k) { els[k].value = keep[k]; });
  }
  var hay = [];
  function haystack(i) {
    if (hay[i] === undefined) {
      var f = F[i];
      hay[i] = [f.rule, f.key, f.id_number, f.message.zh, f.message.en, f.title.zh, f.title.en, f.town_code, f.village_code, f.department_code, N.towns[f.town_code], N.villages[f.village_code], N.departments[f.department_code], f.fingerprint]
        .concat(f.evidence.map(function (e) { return e.record && e.record.name; })).join('\u0001').toLowerCase();
    }
    return hay[i];
  }
  function passes(i, v, q) {
    var f = F[i];
    if (v.category && f.category !== v.category) return false;
    if (v.severity && f.severity !== v.severity) return false;
    if (v.town && f.town_code !== v.town) return false;
    if (v.village && f.village_code !== v.village) return false;
    if (v.department && f.department_code !== v.department) return false;
    if (q.length) { var h = haystack(i); for (var j = 0; j < q.length; j++) if (h.indexOf(q[j]) < 0) return false; }
    return true;
  }
  /** Money in findings and records is integer fen; people read yuan. */
  function yuan(fen) {
    if (typeof fen !== 'number' || !isFinite(fen)) return cell(fen);
    var a = Math.abs(fen), c = a % 100;
    return (fen < 0 ? '-' : '') + Math.floor(a / 100).toLocaleString('en-US') + '.' + (c < 10 ? '0' : '') + c;
  }
  function period(f) {
    for (var j = 0; j < f.evidence.length; j++) { var r = f.evidence[j].record || {}; var p = r.period || r.pay_date || r.date; if (typeof p === 'string' && p) return p; }
    return null;
  }
  /** One row of the list: a group's members that pass the filters, with their total. */
  function summarise(g, members) {
    var amount = null, sev = 'low', from = null, to = null;
    members.forEach(function (i) {
      var f = F[i];
      if (f.amount != null) amount = (amount || 0) + f.amount;
      if (RANK[f.severity] < RANK[sev]) sev = f.severity;
      var p = period(f); if (p) { if (from === null || p < from) from = p; if (to === null || p > to) to = p; }
    });
    return { g: g, m: members, amount: amount, severity: sev, from: from, to: to, n: members.length };
  }
  function apply() {
    var v = {}; Object.keys(els).forEach(function (k) { v[k] = els[k].value; });
    var q = v.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var out = [];
    for (var g = 0; g < G.length; g++) {
      var members = G[g].filter(function (i) { return passes(i, v, q); });
      if (members.length) out.push(summarise(g, members));
    }
    state.base = out; state.page = 0; state.open = {}; state.openG = {};
    order();
  }
  function order() {
    var rows = state.base.slice();
    if (state.sort !== 0) {
      var dir = state.sort === 1 ? 1 : -1;
      rows = rows.map(function (r, k) { return [r, k]; }).sort(function (a, b) { return dir * ((b[0].amount == null ? -1 : b[0].amount) - (a[0].amount == null ? -1 : a[0].amount)) || a[1] - b[1]; }).map(function (x) { return x[0]; });
    }
    state.rows = rows;
    var th = $('sort-amount');
    th.setAttribute('aria-sort', state.sort === 0 ? 'none' : state.sort === 1 ? 'descending' : 'ascending');
    $('sort-mark').textContent = state.sort === 0 ? '⇅' : state.sort === 1 ? '↓' : '↑';
    render();
  }
  function cell(v) { return v == null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)); }
  function evidenceHtml(f) {
    return f.evidence.map(function (e) {
      var ks = Object.keys(e.record || {}), money = (M.money && M.money[e.dataset]) || [], zh = (M.fields && M.fields[e.dataset]) || {};
      var head = lang === 'zh' ? esc(M.datasets[e.dataset] || e.dataset) + (e.id ? ' · <span class="key">' + esc(e.id) + '</span>' : '') : esc(e.role) + ' · ' + esc(e.dataset) + (e.id ? ' · <span class="key">' + esc(e.id) + '</span>' : '');
      return '<div class="ev"><div class="muted">' + head + '</div><table><tr>' + ks.map(function (k) { return '<th>' + esc(lang === 'zh' && zh[k] ? zh[k] : k) + (money.indexOf(k) >= 0 ? (lang === 'zh' ? '（元）' : ' (yuan)') : '') + '</th>'; }).join('') + '</tr><tr>' + ks.map(function (k) { return '<td class="v">' + esc(money.indexOf(k) >= 0 ? yuan(e.record[k]) : CODES[k] ? name(N[CODES[k]], e.record[k]) : cell(e.record[k])) + '</td>'; }).join('') + '</tr></table></div>';
    }).join('');
  }
  function explanationHtml(f) {
    var r = R[f.rule], x = X[f.fingerprint], parts = [];
    if (r) parts.push('<div>' + esc(r.description[lang]) + '</div>');
    parts.push(x ? '<div class="expl">' + x + '</div>' : '<div class="muted">' + esc(UI[lang].noexpl) + '</div>');
    return parts.join('');
  }
  function place(f) { return esc(name(N.towns, f.town_code)) + '<div>' + esc(name(N.villages, f.village_code)) + '</div>'; }
  function badge(sev) { return '<span class="sev sev-' + sev + '">' + esc(S[sev] ? S[sev][lang] : sev) + '</span>'; }
  function amountCell(fen) { return '<td class="num amount">' + (fen == null ? '—' : yuan(fen)) + '</td>'; }
  function findingRow(i, cls) {
    var f = F[i], open = state.open[i];
    var html = '<tr class="f' + (cls ? ' ' + cls : '') + '" tabindex="0" aria-expanded="' + (open ? 'true' : 'false') + '" data-i="' + i + '"><td>' + badge(f.severity) + '</td><td>' + esc(C[f.category] ? C[f.category][lang] : f.category) + '</td><td>' + esc(f.title[lang]) + '<div class="muted key">' + esc(f.rule) + '</div></td><td class="key">' + esc(f.key) + '</td><td>' + place(f) + '</td><td>' + esc(name(N.departments, f.department_code)) + '</td>' + amountCell(f.amount) + '<td class="msg">' + esc(f.message[lang]) + '</td></tr>';
    if (open) html += '<tr class="detail"><td colspan="8"><h4>' + esc(UI[lang].evidence) + '</h4>' + evidenceHtml(f) + '<h4>' + esc(UI[lang].explanation) + '</h4>' + explanationHtml(f) + '<div class="muted">' + esc(UI[lang].fingerprint) + ' <span class="key">' + esc(f.fingerprint) + '</span></div></td></tr>';
    return html;
  }
  function row(r) {
    if (r.n === 1) return findingRow(r.m[0]);
    var f = F[r.m[0]], open = state.openG[r.g], u = UI[lang];
    var range = r.from === null ? '' : r.from === r.to ? r.from : r.from + ' ' + u.to + ' ' + r.to;
    var more = lang === 'zh' ? '（' + u.more + ' ' + r.n + ' 条，' + u.total + ' ' + (r.amount == null ? '—' : yuan(r.amount) + ' ' + u.yuan) + '）' : ' (' + r.n + ' findings, ' + u.total + ' ' + (r.amount == null ? '—' : yuan(r.amount) + ' ' + u.yuan) + ')';
    var html = '<tr class="f grp" tabindex="0" aria-expanded="' + (open ? 'true' : 'false') + '" data-g="' + r.g + '"><td>' + badge(r.severity) + '</td><td>' + esc(C[f.category] ? C[f.category][lang] : f.category) + '</td><td>' + esc(f.title[lang]) + '<div class="muted key">' + esc(f.rule) + '</div></td><td><span class="count">' + (open ? '▾ ' : '▸ ') + r.n + ' ' + esc(u.times) + '</span><div class="muted">' + esc(range) + '</div></td><td>' + place(f) + '</td><td>' + esc(name(N.departments, f.department_code)) + '</td>' + amountCell(r.amount) + '<td class="msg">' + esc(f.message[lang]) + '<div class="muted">' + esc(more) + '</div></td></tr>';
    if (open) html += r.m.map(function (i) { return findingRow(i, 'member'); }).join('');
    return html;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * PAGE, slice = state.rows.slice(start, start + PAGE);
    var shown = 0; state.rows.forEach(function (r) { shown += r.n; });
    $('findings-body').innerHTML = slice.length ? slice.map(row).join('') : '<tr><td colspan="8" class="muted">' + esc(UI[lang].none) + '</td></tr>';
    $('shown-count').textContent = String(shown);
    $('page-info').textContent = (state.rows.length ? (start + 1) + '–' + (start + slice.length) : '0') + ' / ' + state.rows.length + ' · ' + UI[lang].page + ' ' + (state.page + 1) + '/' + pages;
    $('prev').disabled = state.page === 0; $('next').disabled = state.page >= pages - 1;
    $('prev').textContent = UI[lang].prev; $('next').textContent = UI[lang].next;
  }
  function toggle(tr) {
    if (tr.hasAttribute('data-g')) { var g = Number(tr.getAttribute('data-g')); state.openG[g] = !state.openG[g]; }
    else { var i = Number(tr.getAttribute('data-i')); state.open[i] = !state.open[i]; }
    render();
  }
  $('findings-body').addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.f'); if (tr) toggle(tr);
  });
  $('findings-body').addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var tr = ev.target.closest('tr.f'); if (!tr) return;
    ev.preventDefault();
    var sel = tr.hasAttribute('data-g') ? 'tr.f[data-g="' + tr.getAttribute('data-g') + '"]' : 'tr.f[data-i="' + tr.getAttribute('data-i') + '"]';
    toggle(tr);
    var again = document.querySelector(sel); if (again) again.focus();
  });
  function resort() { state.sort = (state.sort + 1) % 3; state.page = 0; order(); }
  $('sort-amount').addEventListener('click', resort);
  $('sort-amount').addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); resort(); } });
  $('prev').addEventListener('click', function () { state.page--; render(); });
  $('next').addEventListener('click', function () { state.page++; render(); });
  var timer;
  Object.keys(els).forEach(function (k) { els[k].addEventListener(k === 'text' ? 'input' : 'change', function () { clearTimeout(timer); timer = setTimeout(apply, k === 'text' ? 150 : 0); }); });
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest('[data-filter]'); if (!a) return;
    var parts = a.getAttribute('data-filter').split(':'); var sel = els[parts[0]]; if (!sel) return;
    sel.value = parts.slice(1).join(':'); apply(); $('findings').scrollIntoView();
  });
  $('lang-toggle').addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    document.documentElement.classList.toggle('lang-en', lang === 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    var t = document.querySelector('title'); if (t) document.title = t.getAttribute('data-' + lang) || document.title;
    fillFilters(); render();
  });
  fillFilters(); apply();
})();
`;
