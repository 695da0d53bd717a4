/**
 * The inline stylesheet of the HTML report. The font stack covers the CJK fonts of macOS
 * (PingFang, Hiragino), Windows (Microsoft YaHei) and Linux (Noto / Source Han, WenQuanYi), so
 * Chinese reads the same on an inspector's machine whatever its default font.
 */
export const HTML_REPORT_STYLE = `
:root{--fg:#1d2330;--muted:#5d6675;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--accent:#c8102e;--low:#5b8def;--medium:#e8a317;--high:#e5532d;--critical:#a4002a}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 -apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:var(--fg);background:var(--bg)}
header{background:var(--accent);color:#fff;padding:16px 24px;display:flex;align-items:center;gap:16px;flex-wrap:wrap}
header h1{margin:0;font-size:20px;flex:1}header .meta{opacity:.9;font-size:13px}
button{font:inherit;cursor:pointer;border:1px solid var(--line);background:#fff;border-radius:4px;padding:4px 10px}
header button{border-color:#fff}
main{padding:16px 24px;max-width:1400px;margin:0 auto}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:16px;margin-bottom:16px}
h2{font-size:16px;margin:0 0 12px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{flex:1;min-width:130px;border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.card .n{font-size:24px;font-weight:600}.card .l{color:var(--muted);font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.chart h3{font-size:14px;margin:0 0 6px}.chart svg{width:100%;height:auto;display:block}
.chart text{font-size:12px;fill:var(--fg)}.chart .v{fill:var(--muted)}
.filters{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:10px}.filters select,.filters input{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:4px;max-width:220px}
.filters input{flex:1;min-width:200px;max-width:none}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#fafbfc;font-weight:600;font-size:13px;position:sticky;top:0}
tr.f{cursor:pointer}tr.f:hover,tr.f:focus{background:#fff7f0;outline:none}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.sev-low{background:var(--low)}.sev-medium{background:var(--medium)}.sev-high{background:var(--high)}.sev-critical{background:var(--critical)}
.key{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.detail td{background:#fbfbfd}.detail h4{margin:8px 0 4px;font-size:13px}
.ev{overflow-x:auto;margin-bottom:8px}.ev table{width:auto}.ev td,.ev th{font-size:12px;padding:2px 6px;white-space:nowrap}
.tree{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;margin:0}
.ok{color:#1a7f37}.no{color:#b42318}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
th.sortable{cursor:pointer;user-select:none}th.sortable:hover{background:#f0f2f5}
tr.grp td{background:#fffaf3}tr.grp .count{font-weight:600;white-space:nowrap}tr.member td:first-child{border-left:3px solid var(--medium)}
.mtables{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px;margin-top:12px}.mtable h3{font-size:14px;margin:0 0 6px}
tr.link{cursor:pointer}tr.link:hover{background:#fff7f0}tfoot .total th{border-top:2px solid var(--fg)}
.verdict{font-weight:600;margin:4px 0}.detail h5{margin:8px 0 2px;font-size:12px;color:var(--muted)}
ul.conds{list-style:none;margin:0 0 6px;padding:0;font-size:13px}table.kv{width:auto}table.kv th,table.kv td{font-size:12px;padding:2px 8px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.pager{display:flex;gap:8px;align-items:center;margin-top:10px}
.muted{color:var(--muted)}
html:not(.lang-en) .l-en{display:none}html.lang-en .l-zh{display:none}
@media print{header button,.filters,.pager{display:none}}
`;
