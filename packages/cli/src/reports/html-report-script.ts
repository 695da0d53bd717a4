/**
 * The inline script of the HTML report: filters, pagination, details, language toggle. Plain
 * ES2017 with no dependencies; it reads the report data from the JSON script element.
 */
export const HTML_REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('sunshine-data').textContent);
  var F = D.findings, N = D.names, X = D.explanations || {}, C = D.categories;
  var R = {};
  D.rules.forEach(function (r) { R[r.id] = r; });
  var lang = 'zh';
  var PAGE = 50;
  var state = { page: 0, rows: F, open: {} };
  var SEV = ['critical', 'high', 'medium', 'low'];
  var UI = {
    zh: { all: '全部', category: '类别', severity: '风险等级', town: '乡镇', village: '村', department: '部门', search: '搜索：身份证号、姓名、编号、说明…', shown: '条', of: '共', page: '页', prev: '上一页', next: '下一页', evidence: '证据', explanation: '判定过程', rule: '规则', none: '没有符合条件的问题', matched: '命中', noexpl: '（本报告未包含该条的逐项判定；可用 sunshine explain 查看）' },
    en: { all: 'All', category: 'Category', severity: 'Severity', town: 'Town', village: 'Village', department: 'Department', search: 'Search: ID number, name, key, message…', shown: 'shown', of: 'of', page: 'page', prev: 'Previous', next: 'Next', evidence: 'Evidence', explanation: 'Explanation', rule: 'Rule', none: 'No findings match the filters', matched: 'matched', noexpl: '(no condition-by-condition explanation in this report; run sunshine explain)' }
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
    fillSelect(els.severity, 'severity', counts(function (f) { return f.severity; }), function (k) { return k; }, SEV);
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
  function apply() {
    var v = {}; Object.keys(els).forEach(function (k) { v[k] = els[k].value; });
    var q = v.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var out = [];
    for (var i = 0; i < F.length; i++) {
      var f = F[i];
      if (v.category && f.category !== v.category) continue;
      if (v.severity && f.severity !== v.severity) continue;
      if (v.town && f.town_code !== v.town) continue;
      if (v.village && f.village_code !== v.village) continue;
      if (v.department && f.department_code !== v.department) continue;
      if (q.length) { var h = haystack(i), ok = true; for (var j = 0; j < q.length; j++) if (h.indexOf(q[j]) < 0) { ok = false; break; } if (!ok) continue; }
      out.push(i);
    }
    state.rows = out; state.page = 0; state.open = {};
    render();
  }
  function cell(v) { return v == null ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)); }
  /** Money in evidence records is integer fen; people read yuan. */
  function yuan(fen) {
    if (typeof fen !== 'number' || !isFinite(fen)) return cell(fen);
    var a = Math.abs(fen), c = a % 100;
    return (fen < 0 ? '-' : '') + Math.floor(a / 100).toLocaleString('en-US') + '.' + (c < 10 ? '0' : '') + c;
  }
  function evidenceHtml(f) {
    return f.evidence.map(function (e) {
      var ks = Object.keys(e.record || {}), money = (D.money && D.money[e.dataset]) || [];
      return '<div class="ev"><div class="muted">' + esc(e.role) + ' · ' + esc(e.dataset) + (e.id ? ' · ' + esc(e.id) : '') + '</div><table><tr>' + ks.map(function (k) { return '<th>' + esc(k) + '</th>'; }).join('') + '</tr><tr>' + ks.map(function (k) { return '<td>' + esc(money.indexOf(k) >= 0 ? yuan(e.record[k]) : cell(e.record[k])) + '</td>'; }).join('') + '</tr></table></div>';
    }).join('');
  }
  function treeLines(n, depth, out) {
    if (!n || typeof n !== 'object') return;
    var mark = n.result === true ? '<span class="ok">✓</span>' : n.result === false ? '<span class="no">✗</span>' : '·';
    var text = (n.fact !== undefined || n.operator !== undefined) ? esc(n.fact) + ' = ' + esc(JSON.stringify(n.factValue)) + '  ' + esc(n.operator) + '  ' + esc(JSON.stringify(n.value)) : esc(n.kind || n.label || '');
    if (n.name) text += '  [' + esc(n.name) + ']';
    out.push(new Array(depth + 1).join('  ') + mark + ' ' + text);
    (n.children || (n.child ? [n.child] : [])).forEach(function (c) { treeLines(c, depth + 1, out); });
  }
  function explanationHtml(f) {
    var r = R[f.rule], x = X[f.fingerprint], parts = [];
    if (r) parts.push('<div>' + esc(r.description[lang]) + '</div>');
    if (x) {
      var lines = [];
      if (x.where) { lines.push(lang === 'zh' ? '对象筛选 (where):' : 'subject filter (where):'); treeLines(x.where, 1, lines); }
      if (x.conditions) { lines.push(lang === 'zh' ? '判定条件 (conditions):' : 'conditions:'); treeLines(x.conditions, 1, lines); }
      parts.push('<pre class="tree">' + lines.join('\n') + '</pre>');
      var rest = {};
      Object.keys(x).forEach(function (k) { if (['rule', 'key', 'matched', 'conditions', 'where', 'subject'].indexOf(k) < 0 && x[k] && Object.keys(x[k]).length) rest[k] = x[k]; });
      if (Object.keys(rest).length) parts.push('<pre class="tree">' + esc(JSON.stringify(rest, null, 2)) + '</pre>');
    } else parts.push('<div class="muted">' + esc(UI[lang].noexpl) + '</div>');
    return parts.join('');
  }
  function row(i) {
    var f = F[i], open = state.open[i];
    var html = '<tr class="f" tabindex="0" aria-expanded="' + (open ? 'true' : 'false') + '" data-i="' + i + '"><td><span class="sev sev-' + f.severity + '">' + f.severity + '</span></td><td>' + esc(C[f.category] ? C[f.category][lang] : f.category) + '</td><td>' + esc(f.title[lang]) + '<div class="muted key">' + esc(f.rule) + '</div></td><td class="key">' + esc(f.key) + '</td><td>' + esc(name(N.towns, f.town_code)) + '<div>' + esc(name(N.villages, f.village_code)) + '</div></td><td>' + esc(name(N.departments, f.department_code)) + '</td><td class="msg">' + esc(f.message[lang]) + '</td></tr>';
    if (open) html += '<tr class="detail"><td colspan="7"><h4>' + esc(UI[lang].evidence) + '</h4>' + evidenceHtml(f) + '<h4>' + esc(UI[lang].explanation) + '</h4>' + explanationHtml(f) + '<div class="muted key">fingerprint ' + esc(f.fingerprint) + '</div></td></tr>';
    return html;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * PAGE, slice = state.rows.slice(start, start + PAGE);
    $('findings-body').innerHTML = slice.length ? slice.map(row).join('') : '<tr><td colspan="7" class="muted">' + esc(UI[lang].none) + '</td></tr>';
    $('shown-count').textContent = String(state.rows.length);
    $('page-info').textContent = (state.rows.length ? (start + 1) + '–' + (start + slice.length) : '0') + ' / ' + state.rows.length + ' · ' + UI[lang].page + ' ' + (state.page + 1) + '/' + pages;
    $('prev').disabled = state.page === 0; $('next').disabled = state.page >= pages - 1;
    $('prev').textContent = UI[lang].prev; $('next').textContent = UI[lang].next;
  }
  $('findings-body').addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.f'); if (!tr) return;
    var i = Number(tr.getAttribute('data-i')); state.open[i] = !state.open[i]; render();
  });
  $('findings-body').addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var tr = ev.target.closest('tr.f'); if (!tr) return;
    ev.preventDefault();
    var i = Number(tr.getAttribute('data-i')); state.open[i] = !state.open[i]; render();
    var again = document.querySelector('tr.f[data-i="' + i + '"]'); if (again) again.focus();
  });
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
    fillFilters(); render();
  });
  fillFilters(); apply();
})();
`;
