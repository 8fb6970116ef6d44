/* The page's style: readable on screen, printable (no filters, no clipped tables), no external font or image. */
export const PAGE_STYLE = `
:root { --bad: #b00020; --bad-bg: #fde7ea; --warn: #8a5300; --warn-bg: #fff4dc; --ok: #146c2e; --ok-bg: #e3f5e8;
  --line: #d6d9de; --muted: #5a6270; --head: #f3f4f6; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0 auto;
  padding: 1.5rem; max-width: 1400px; }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; word-break: break-all; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .25rem; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.verdict { font-size: 1.3rem; font-weight: 700; padding: .75rem 1rem; border-radius: 6px; margin: 0 0 1rem; }
.verdict.valid { background: var(--ok-bg); color: var(--ok); }
.verdict.invalid { background: var(--bad-bg); color: var(--bad); }
.verdict.warn { background: var(--warn-bg); color: var(--warn); }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1rem; padding: 0; }
.counts div { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; min-width: 7rem; }
.counts dt { font-size: .8rem; color: var(--muted); }
.counts dd { margin: 0; font-size: 1.25rem; font-weight: 600; }
.note { color: var(--muted); margin: .25rem 0; }
.cap { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .5rem .75rem; margin: .75rem 0; }
.sev-error { color: var(--bad); }
.sev-warning { color: var(--warn); }
.hint { margin: .25rem 0 .5rem; }
.code { color: var(--muted); font-weight: 400; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; margin: .25rem 0 1rem; }
table { border-collapse: collapse; font-size: .85rem; width: max-content; min-width: 100%; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; position: sticky; top: 0; }
td.msg { min-width: 18rem; max-width: 30rem; white-space: normal; }
td.cell { white-space: pre; max-width: 22rem; overflow: hidden; text-overflow: ellipsis; }
td.bad, span.bad { background: var(--bad-bg); color: var(--bad); font-weight: 700; outline: 2px solid var(--bad); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.before { color: var(--bad); text-decoration: line-through; }
.after { color: var(--ok); font-weight: 600; }
#filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; padding: .75rem; margin: 1rem 0;
  background: var(--head); border-radius: 6px; position: sticky; top: 0; z-index: 2; }
#filters label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
#filters select, #filters input { font: inherit; padding: .2rem .35rem; min-width: 10rem; }
#shown { color: var(--muted); font-size: .85rem; }
ul.values { list-style: none; padding: 0; margin: 0; }
ul.values li { display: inline; white-space: nowrap; }
ul.values li + li::before { content: " · "; color: var(--muted); }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  #filters { display: none !important; }
  .scroll { overflow: visible; border: 0; }
  table { width: auto; min-width: 0; font-size: 7.5pt; }
  th { position: static; }
  td.cell { white-space: pre-wrap; max-width: none; }
  tr, .counts div { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  td.bad, span.bad { outline: 0; text-decoration: underline; }
}
`;
