/**
 * The preview page: the deck (marp's own HTML in a frame, so keys, the slide in the URL hash and its
 * presenter view work as in the built file) beside the brochure (every page drawn by pdf.js), the
 * city and edition to show, and an overlay listing every problem of a build that failed, over the
 * last good output. Live reload comes from the server's event stream; on each new build the deck
 * returns to the slide it showed and the brochure to the place it was scrolled to.
 */
export function previewPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>citypitch dev</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { color-scheme: light; font: 14px/1.4 system-ui, sans-serif; }
  body { margin: 0; height: 100vh; display: grid; grid-template-rows: auto 1fr; background: #e8ecef; color: #1b1f24; }
  header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #0b3954; color: #fff; }
  header h1 { font-size: 1rem; margin: 0 1rem 0 0; }
  header label { display: flex; gap: .4rem; align-items: center; }
  header a { color: #fff; }
  #status { margin-left: auto; font-variant-numeric: tabular-nums; }
  main { display: grid; grid-template-columns: 3fr 2fr; gap: .75rem; padding: .75rem; min-height: 0; }
  section { display: flex; flex-direction: column; min-height: 0; background: #fff; border-radius: 4px; box-shadow: 0 1px 3px #0002; }
  section h2 { font-size: .85rem; margin: 0; padding: .4rem .75rem; border-bottom: 1px solid #dde3e7; display: flex; gap: 1rem; }
  #deck { flex: 1; border: 0; width: 100%; min-height: 0; background: #333; }
  #brochure { flex: 1; overflow: auto; padding: .75rem; background: #9aa5ad; }
  .page { position: relative; margin: 0 auto .75rem; box-shadow: 0 2px 6px #0005; background: #fff; }
  .page canvas { display: block; width: 100%; }
  .page-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .empty { padding: 1rem; color: #5b6770; }
  #overlay { position: fixed; inset: 3rem 2rem auto; max-height: 70vh; overflow: auto; background: #fffbf0f2; border: 2px solid #c44536; border-radius: 6px; padding: 1rem 1.25rem; box-shadow: 0 8px 30px #0006; }
  #overlay[hidden] { display: none; }
  #overlay h2 { margin: 0 0 .5rem; font-size: 1rem; color: #c44536; }
  #overlay li { margin: .5rem 0; }
  #overlay code { font-weight: 600; }
  #overlay .hint { color: #5b6770; }
  #overlay .note { color: #5b6770; font-size: .85rem; }
</style>
</head>
<body>
<header>
  <h1>citypitch dev</h1>
  <label>City <select id="city"></select></label>
  <label>Edition <select id="edition"></select></label>
  <a id="presenter" target="_blank" rel="noopener">Presenter view</a>
  <span id="status" role="status">connecting…</span>
</header>
<main>
  <section aria-label="Deck"><h2>Deck</h2><iframe id="deck" title="Deck"></iframe></section>
  <section aria-label="Brochure"><h2>Brochure <span id="pages"></span></h2><div id="brochure"><p class="empty">no brochure yet</p></div></section>
</main>
<div id="overlay" role="alert" hidden></div>
<script type="module">
import * as pdfjs from "/pdfjs/pdf.mjs";
pdfjs.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.mjs";

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };
let state = { version: -1, cities: [] };
let shown = -1;
const choice = { slug: localStorage.getItem("citypitch.slug") ?? "", folder: localStorage.getItem("citypitch.folder") ?? "" };

function current() {
  const city = state.cities.find((c) => c.slug === choice.slug) ?? state.cities[0];
  const edition = city?.editions.find((e) => e.folder === choice.folder) ?? city?.editions[0];
  return { city, edition };
}

function pickers() {
  const { city, edition } = current();
  $("city").replaceChildren(...state.cities.map((c) => el("option", { value: c.slug, textContent: c.slug, selected: c === city })));
  $("edition").replaceChildren(...(city?.editions ?? []).map((e) => el("option", { value: e.folder, textContent: e.folder || "default", selected: e === edition })));
}

function status() {
  const failed = state.failure ? "build failed: showing the last good output" : "up to date";
  $("status").textContent = state.building ? "building…" : failed;
}

function overlay() {
  const box = $("overlay");
  const failure = state.failure;
  box.hidden = !failure;
  if (!failure) return box.replaceChildren();
  const items = failure.problems.map((p) =>
    el("li", {}, el("code", { textContent: p.where }), "  ", p.field ? el("span", { className: "field", textContent: p.field + ": " }) : "", p.message,
      ...(p.hint ? [el("br"), el("span", { className: "hint", textContent: "hint: " + p.hint })] : [])));
  box.replaceChildren(
    el("h2", { textContent: failure.problems.length > 0 ? failure.problems.length + " problem(s): fix them and save; the preview updates by itself" : "the build failed" }),
    el("p", { textContent: failure.message }),
    // With problems listed, the run's own hint speaks of the terminal ("the lines above"): each problem has its own.
    ...(failure.hint && failure.problems.length === 0 ? [el("p", { className: "hint", textContent: "hint: " + failure.hint })] : []),
    el("ol", {}, ...items),
    el("p", { className: "note", textContent: "Underneath is the last build that worked." }));
}

function showDeck(path) {
  const frame = $("deck");
  if (!path) return frame.removeAttribute("src");
  let hash = "";
  try { if (frame.dataset.path === path) hash = frame.contentWindow.location.hash; } catch {}
  frame.dataset.path = path;
  const version = shown;
  frame.onload = () => { document.body.dataset.deckVersion = String(version); };
  frame.src = "/out/" + path + "?v=" + version + hash;
  $("presenter").href = "/out/" + path + "?view=presenter&v=" + version + hash;
}

let brochureJob = 0;
async function showBrochure(path) {
  const box = $("brochure");
  const job = ++brochureJob;
  const version = shown;
  if (!path) return box.replaceChildren(el("p", { className: "empty", textContent: "no brochure for this edition" }));
  const doc = await pdfjs.getDocument({ url: "/out/" + path + "?v=" + version }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const width = box.clientWidth - 24;
    const scale = (width / page.getViewport({ scale: 1 }).width) * (window.devicePixelRatio || 1);
    const viewport = page.getViewport({ scale });
    const canvas = el("canvas", { width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
    await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
    const text = await page.getTextContent();
    const words = text.items.map((item) => item.str).join(" ");
    pages.push(el("div", { className: "page", title: "page " + n }, canvas, el("div", { className: "page-text", textContent: words })));
    if (job !== brochureJob) return doc.destroy();
  }
  // The same pages in the same places: staying at the scroll position stays at the page.
  const top = box.scrollTop;
  box.replaceChildren(...pages);
  box.scrollTop = top;
  $("pages").textContent = doc.numPages + " pages";
  document.body.dataset.brochureVersion = String(version);
  doc.destroy();
}

function views() {
  const { edition } = current();
  showDeck(edition?.deck);
  showBrochure(edition?.brochure).catch((error) => console.error("brochure preview:", error));
}

$("city").onchange = (e) => { choice.slug = e.target.value; choice.folder = ""; localStorage.setItem("citypitch.slug", choice.slug); pickers(); views(); };
$("edition").onchange = (e) => { choice.folder = e.target.value; localStorage.setItem("citypitch.folder", choice.folder); views(); };

const events = new EventSource("/events");
events.onmessage = (message) => {
  state = JSON.parse(message.data);
  pickers();
  status();
  overlay();
  document.body.dataset.failed = state.failure ? "true" : "false";
  if (state.version !== shown && state.version >= 0) {
    shown = state.version;
    views();
  }
};
events.onerror = () => { $("status").textContent = "reconnecting to citypitch dev…"; };
</script>
</body>
</html>
`;
}
