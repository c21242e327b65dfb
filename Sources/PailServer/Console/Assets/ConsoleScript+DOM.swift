extension ConsoleScript {
    /// `dom.js`: small helpers for building rows and reporting status; text goes in as text, never as HTML.
    static let dom = #"""
export const $ = (id) => document.getElementById(id);

/** An element with attributes (`on*` functions become listeners) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** Replaces the rows of `table`'s body. */
export function fillRows(table, rows) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows);
}

let statusTimer;
/** Shows a one-line message (errors stay until the next message). */
export function status(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
  clearTimeout(statusTimer);
  if (!isError && text) statusTimer = setTimeout(() => { s.textContent = ''; }, 6000);
}

/** Runs `fn`, reporting a thrown error in the status line; returns its result or undefined. */
export async function guarded(fn) {
  try { return await fn(); } catch (e) { console.error(e); status(String(e.message || e), true); }
}

export function formatSize(n) {
  if (n === undefined || n === null || n === '') return '';
  n = Number(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}
"""#
}
