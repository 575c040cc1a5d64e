// The pages' one stylesheet: system fonts first; the npm package's Noto Sans SC, served by the
// node itself, comes last in the stack, so a browser downloads it only when no system font has
// the Chinese glyphs (never from a CDN). Mobile first (375 px), and
// colours with at least 4.5:1 contrast on their backgrounds (WCAG 2.1 AA).
export const PAGE_CSS = `
@font-face{font-family:"Noto Sans SC (served)";src:url(/assets/noto-sans-sc.ttf) format("truetype");font-display:swap}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei","Noto Sans SC (served)",sans-serif;color:#1a1a1a;background:#f4f1ec;line-height:1.5}
body{margin:0;padding:0}
main{max-width:720px;margin:0 auto;padding:16px}
header.bar{background:#7a2e1b;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;align-items:center;gap:8px}
header.bar h1{font-size:1.15rem;margin:0}
header.bar button,header.bar a{color:#fff;background:transparent;border:1px solid #fff;border-radius:4px;padding:4px 10px;font:inherit;cursor:pointer;text-decoration:none}
section.card{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
section.card h2{font-size:1.05rem;margin:0 0 12px}
label{display:block;font-weight:600;margin:12px 0 4px}
input[type=text],input[type=email],input[type=date],textarea{width:100%;font:inherit;padding:10px;border:1px solid #6b6b6b;border-radius:6px;background:#fff;color:#1a1a1a}
input:focus,button:focus,a:focus,.drop:focus-within{outline:3px solid #1f5fbf;outline-offset:2px}
textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem}
pre{white-space:pre-wrap;margin:0}
fieldset{border:0;padding:0;margin:0}
fieldset label{display:inline-flex;align-items:center;gap:6px;font-weight:400;margin-right:16px}
button.primary{display:block;width:100%;margin-top:16px;padding:12px;font:inherit;font-weight:700;color:#fff;background:#7a2e1b;border:0;border-radius:6px;cursor:pointer}
button.primary:disabled{background:#8a8a8a}
.error{color:#a4161a;font-size:.92rem;margin:4px 0 0;min-height:1em}
.hint{color:#4a4a4a;font-size:.9rem}
dl.facts{display:grid;grid-template-columns:auto minmax(0,1fr);gap:4px 12px;margin:0}
dl.facts dt{color:#4a4a4a}
dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
ul.checks{list-style:none;padding:0;margin:0}
ul.checks li{display:flex;gap:8px;align-items:flex-start;padding:8px 0;border-bottom:1px solid #e4e0da}
ul.checks li>span:last-child{min-width:0;overflow-wrap:anywhere}
ul.checks li .mark{font-weight:700;width:1.4em;text-align:center}
ul.checks li[data-result=ok] .mark{color:#166534}
ul.checks li[data-result=fail] .mark{color:#a4161a}
.verdict{font-weight:700;font-size:1.1rem;margin:0 0 8px}
.verdict.ok{color:#166534}.verdict.fail{color:#a4161a}
.drop{border:2px dashed #6b6b6b;border-radius:8px;padding:16px;text-align:center;margin-top:8px}
.drop.over{background:#efe7dc}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace,"Noto Sans SC (served)";font-size:.85rem;overflow-wrap:anywhere}
ul.mono{padding-left:1.2em}
table.lines{width:100%;border-collapse:collapse;font-size:.92rem}
table.lines th,table.lines td{text-align:left;padding:4px;border-bottom:1px solid #e4e0da}
table.lines td.num,table.lines th.num{text-align:right}
.status{display:inline-block;padding:2px 10px;border-radius:12px;background:#e4e0da;font-weight:700}
.status[data-status=FINAL]{background:#dcfce7;color:#14532d}
.status[data-status=ISSUED]{background:#dbeafe;color:#1e3a8a}
.buttons{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.buttons a{flex:1 1 30%;text-align:center;padding:10px;border:1px solid #7a2e1b;border-radius:6px;color:#7a2e1b;text-decoration:none;font-weight:600}
.qr{width:132px;height:132px;image-rendering:pixelated}
[hidden]{display:none!important}
@media (max-width:600px){#facts{grid-template-columns:minmax(0,1fr)}#facts dd{margin-bottom:6px}}
@media (min-width:900px){main{padding:24px}}
`;
