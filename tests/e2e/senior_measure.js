// Measures the page as a reader sees it. Controls: every link, button, field and summary
// outside running text; running text = links inside Markdown prose (`.prose`).
const CONTROLS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
function shown(el) {
  if (el.closest('[hidden], .vh, .visually-hidden, .print-only')) return false;
  // Not rendered: display none, or inside a closed <details> (content-visibility: hidden).
  if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) return false;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  // Parked off-screen until focused (the skip link).
  if (r.bottom + window.scrollY <= 0) return false;
  return getComputedStyle(el).visibility === 'visible';
}
function name(el) {
  const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
  const parent = el.parentElement;
  const pcls = parent && typeof parent.className === 'string' && parent.className ? '.' + parent.className.trim().split(/\s+/)[0] : '';
  return (parent ? parent.tagName.toLowerCase() + pcls + ' > ' : '') + el.tagName.toLowerCase() + cls + ' "' + (el.textContent || el.value || el.placeholder || '').trim().slice(0, 16) + '"';
}
// arguments[0]: the smallest target the mode asks for, to count the controls under it.
const floor = arguments[0] || 44;
let minW = null, minH = null, controls = 0, small = 0;
for (const el of document.querySelectorAll(CONTROLS)) {
  if (el.closest('.prose') || !shown(el)) continue;
  const r = el.getBoundingClientRect();
  controls++;
  if (r.width < floor || r.height < floor) small++;
  if (!minW || r.width < minW.px) minW = { px: r.width, el: name(el) };
  if (!minH || r.height < minH.px) minH = { px: r.height, el: name(el) };
}
let minText = null, svgText = null, chars = 0, under16 = 0;
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  const text = n.textContent.trim();
  const el = n.parentElement;
  if (!text || el.closest('script, style, noscript, template') || !shown(el)) continue;
  let px = parseFloat(getComputedStyle(el).fontSize);
  const svg = el.closest('svg');
  if (svg) {
    // A drawing's labels: their size on screen, scaled by the drawing's width.
    const box = svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) px *= svg.getBoundingClientRect().width / box.width;
    if (!svgText || px < svgText.px) svgText = { px, el: name(el) };
    continue;
  }
  chars += text.length;
  if (px < 16) under16 += text.length;
  if (!minText || px < minText.px) minText = { px, el: name(el) };
}
const body = getComputedStyle(document.body);
const header = document.querySelector('.site-header');
const search = [...document.querySelectorAll('.site-search input, #search-q')].find(shown);
return {
  url: location.pathname + location.search,
  mode: document.documentElement.dataset.mode || 'default',
  body_px: parseFloat(body.fontSize),
  body_line: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
  header_px: header ? header.getBoundingClientRect().height : null,
  controls, small, min_w: minW, min_h: minH, min_text: minText, svg_text: svgText,
  under16: chars ? under16 / chars : 0,
  search_px: search ? parseFloat(getComputedStyle(search).fontSize) : null,
  screens: document.documentElement.scrollHeight / window.innerHeight,
  sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
};
