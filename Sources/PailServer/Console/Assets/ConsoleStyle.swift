/// The console's style sheet: one column on a phone, bucket list beside the objects from 760 px up.
enum ConsoleStyle {
    static let css = #"""
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #d7dde5; --accent: #1f6feb; --bad: #c62828; --warn: #a15c00; --ok: #2e7d32; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 1.2rem; }
#who { margin-left: auto; color: var(--muted); font-size: .9rem; }
nav#tabs { display: flex; gap: .25rem; }
nav#tabs button.active { background: var(--accent); color: #fff; border-color: var(--accent); }
main { padding: 1rem; max-width: 1400px; margin: 0 auto; }
h2 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
h3 { font-size: .95rem; margin: .5rem 0; }
button, input, select { font: inherit; padding: .3rem .6rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; color: inherit; }
button { cursor: pointer; }
button:hover { border-color: var(--accent); }
button.danger { color: var(--bad); }
input { min-width: 0; }
label { display: inline-flex; flex-direction: column; gap: .15rem; font-size: .85rem; color: var(--muted); }
label.small, label.pick { display: inline; font-size: .85rem; }
form.inline { display: flex; flex-wrap: wrap; gap: .4rem; align-items: flex-end; }
#signin-form { display: flex; flex-direction: column; gap: .6rem; max-width: 22rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 .6rem; }
legend { font-weight: 600; font-size: .9rem; }
.note { color: var(--muted); font-size: .9rem; }
#status { min-height: 1.4em; margin: 0 0 .5rem; }
#status.error, .error { color: var(--bad); }
.columns { display: grid; grid-template-columns: 1fr; gap: 1rem; }
@media (min-width: 760px) { .columns { grid-template-columns: 15rem 1fr; } }
#bucket-list { list-style: none; padding: 0; margin: 0 0 .5rem; }
#bucket-list li button { width: 100%; text-align: left; border: none; background: none; padding: .3rem .4rem; overflow-wrap: anywhere; }
#bucket-list li button.active { background: #e3ecfb; font-weight: 600; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; margin-bottom: .5rem; }
#crumbs { flex: 1 1 100%; overflow-wrap: anywhere; }
#crumbs button { border: none; background: none; color: var(--accent); padding: 0 .15rem; }
#drop-zone { border: 2px dashed var(--line); border-radius: 8px; padding: 1rem; text-align: center; color: var(--muted); background: #fff; }
#drop-zone.over { border-color: var(--accent); background: #eef4ff; }
#file-input { display: none; }
label.pick { color: var(--accent); cursor: pointer; text-decoration: underline; }
#uploads { list-style: none; padding: 0; }
#uploads li { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; font-size: .9rem; margin: .25rem 0; }
#uploads progress { flex: 1 1 10rem; height: .8rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td { overflow-wrap: anywhere; }
th.num, td.num { text-align: right; white-space: nowrap; }
td a, td button.link { color: var(--accent); background: none; border: none; padding: 0; text-align: left; }
tr.s2 td.status { color: var(--ok); } tr.s4 td.status { color: var(--warn); } tr.s5 td.status { color: var(--bad); font-weight: 600; }
tr.fault { background: #fff4e5; }
.pager { display: flex; gap: .5rem; margin-top: .5rem; }
#details { margin-top: 1rem; padding: .5rem 1rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
#presign-form label { flex-direction: row; flex-wrap: wrap; align-items: center; gap: .4rem; }
#presign-expires { width: 7rem; }
#presign-link { overflow-wrap: anywhere; font-size: .85rem; }
.grid3 { display: grid; grid-template-columns: 1fr; gap: 1rem; }
@media (min-width: 1000px) { .grid3 { grid-template-columns: 1fr 1fr 1.4fr; } }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; font-size: .85rem; margin: 0; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: .9em; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
"""#
}
