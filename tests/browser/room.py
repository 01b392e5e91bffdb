"""What a room sees, measured in Chromium: cut button text, controls off screen, small text,
headers over their columns, chart labels at the size shown.

Each function takes a Playwright page (or the page and a selector) and gives plain data, so a
test asserts on it and a failure message names what is wrong. The rules are the developers'
guide's: at 360 and 390 px no button text is cut (``scrollWidth > clientWidth``) and no control
lies outside the screen (its box); at 1280x720 panel text is at least 18 px, at most 10% of the
visible text is under 16 px, and every header stands over its own column.
"""

from __future__ import annotations

from typing import Any

# Controls whose text is cut or whose box sticks out of the screen or of its panel (left or
# right; a panel's output area clips what sticks out). A control inside a box that scrolls
# sideways on purpose (.planning-table-wrap, .planning-scroll) is not off screen.
_CONTROLS = """(root) => {
  const out = [];
  const scope = root ? document.querySelectorAll(root) : [document.body];
  for (const top of scope) {
    for (const el of top.querySelectorAll('button, input, select, textarea')) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
      if (el.closest('.planning-table-wrap, .planning-scroll')) continue;
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.tagName)
        .trim().slice(0, 40);
      const panel = el.closest('.planning-panel');
      const where = panel ? [...panel.classList].filter(c => c.startsWith('planning-')
        && c !== 'planning-panel').join(' ') : '';
      if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1)
        out.push({text, where, problem: 'cut', scroll: el.scrollWidth, client: el.clientWidth});
      if (r.right > window.innerWidth + 1 || r.left < -1)
        out.push({text, where, problem: 'outside', left: r.left, right: r.right});
      else if (panel) {
        const p = panel.getBoundingClientRect();
        if (r.right > p.right + 1 || r.left < p.left - 1)
          out.push({text, where, problem: 'outside its panel', left: r.left, right: r.right,
                    panel: [p.left, p.right]});
      }
    }
  }
  return out;
}"""

# Every visible piece of text: its length, font size, and the panel class it is in.
_TEXT = """(root) => {
  const out = [];
  const scope = root ? document.querySelectorAll(root) : [document.body];
  for (const top of scope) {
    const walk = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const text = walk.currentNode.textContent.trim();
      const el = walk.currentNode.parentElement;
      if (!text || !el || el.closest('script,style')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      const panel = el.closest('.planning-panel, .planning-guide');
      const where = panel ? [...panel.classList].filter(c => c.startsWith('planning-')
        && c !== 'planning-panel').join(' ') : el.tagName.toLowerCase();
      out.push({n: text.length, px: parseFloat(cs.fontSize), text: text.slice(0, 40), where,
                cls: el.className && el.className.baseVal === undefined ? el.className : ''});
    }
  }
  return out;
}"""

# The columns of a grid: each header's left and right edges, and those of the cells under it
# (a header carries the classes planning-grid-head and planning-col-<i>, its cells
# planning-grid-cell and planning-col-<i>).
_COLUMNS = """(sel) => {
  const grid = document.querySelector(sel);
  if (!grid) return null;
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.right]; };
  const col = (el) => [...el.classList].find(c => c.startsWith('planning-col-'));
  return [...grid.querySelectorAll('.planning-grid-head')].map(head => ({
    col: col(head), head: box(head),
    cells: [...grid.querySelectorAll('.planning-grid-cell.' + col(head))].map(box),
  }));
}"""


# Controls and labels whose boxes cover each other (a label wrapped over a box, say).
_OVERLAPS = """(root) => {
  const scope = root ? document.querySelector(root) : document.body;
  const els = [...scope.querySelectorAll('button, input, select, textarea, .widget-label')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  const boxes = els.map(el => el.getBoundingClientRect());
  const out = [];
  for (let i = 0; i < els.length; i++) {
    for (let j = i + 1; j < els.length; j++) {
      if (els[i].contains(els[j]) || els[j].contains(els[i])) continue;
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2) {
        const name = (el) => (el.innerText || el.value || el.tagName).trim().slice(0, 30);
        out.push(`${name(els[i])} / ${name(els[j])}`);
      }
    }
  }
  return out;
}"""

# Images in charts: the height of their text at the size shown, from the pixels per point the
# chart was drawn at (data-text-px: its smallest text in pixels at its natural width).
_CHART_TEXT = """(root) => {
  const out = [];
  for (const img of document.querySelectorAll((root || '') + ' img[data-text-px]')) {
    const r = img.getBoundingClientRect();
    if (r.width === 0) continue;
    const px = parseFloat(img.dataset.textPx) * r.width / img.naturalWidth;
    out.push({alt: img.alt.slice(0, 40), px, shown: r.width, natural: img.naturalWidth});
  }
  return out;
}"""


def bad_controls(page: Any, root: str = "") -> list[dict[str, Any]]:
    """Give the controls whose text is cut or which lie outside the screen."""
    return page.evaluate(_CONTROLS, root)


def overlaps(page: Any, root: str = "") -> list[str]:
    """Give the pairs of controls or labels whose boxes cover each other."""
    return page.evaluate(_OVERLAPS, root)


def text_sizes(page: Any, root: str = "") -> list[dict[str, Any]]:
    """Give every visible text's length, font size in px and where it is."""
    return page.evaluate(_TEXT, root)


def share_under(sizes: list[dict[str, Any]], px: float) -> float:
    """Give the share of the characters of ``sizes`` whose font is under ``px``."""
    total = sum(s["n"] for s in sizes) or 1
    return sum(s["n"] for s in sizes if s["px"] < px) / total


def columns(page: Any, selector: str) -> list[dict[str, Any]] | None:
    """Give, per header of a grid, its left and right edges and those of its column's cells."""
    return page.evaluate(_COLUMNS, selector)


def misplaced_headers(page: Any, selector: str, tolerance: float = 2.0) -> list[str]:
    """Give, for each header that does not stand over its own column, what is wrong."""
    found = columns(page, selector)
    if not found:
        return [f"no grid with headers in {selector}"]
    wrong = []
    for column in found:
        left, right = column["head"]
        if not column["cells"]:
            wrong.append(f"{column['col']}: a header without cells")
        for c_left, c_right in column["cells"]:
            if abs(c_left - left) > tolerance or abs(c_right - right) > tolerance:
                wrong.append(
                    f"{column['col']}: header at {left:.0f}-{right:.0f}, "
                    f"a cell at {c_left:.0f}-{c_right:.0f}"
                )
                break
    return wrong


def chart_text(page: Any, root: str = "") -> list[dict[str, Any]]:
    """Give each chart image's smallest text height at the size it is shown."""
    return page.evaluate(_CHART_TEXT, root)
