// Run by checks.layout_problems: what is wrong with the page, at this viewport, for a person
// on a phone or tablet. Returns one sentence per problem.
({minTarget, minText}) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`page scrolls sideways: ${root.scrollWidth}px wide`
      + ` in a ${root.clientWidth}px viewport`);
  }
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none'
      && !el.closest('.visually-hidden');
  };
  const classes = (el) => (typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes(el);
  const block = (el) => {
    let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
    return b;
  };
  // WCAG 2.5.8's inline exception: a link in a line of other text is sized by that text.
  const inText = (el) => getComputedStyle(el).display === 'inline'
    && block(el).textContent.trim().length > el.textContent.trim().length;
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button]';
  for (const el of document.querySelectorAll(targets)) {
    if (!shown(el) || inText(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < minTarget || r.height < minTarget) {
      const label = (el.textContent.trim() || el.getAttribute('name') || '').slice(0, 40);
      problems.push(`tap target ${name(el)} "${label}" is `
        + `${Math.round(r.width)}x${Math.round(r.height)}px`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minText - 0.01) {
      const key = `${name(el)} at ${size.toFixed(1)}px`;
      if (!small.has(key)) small.set(key, node.textContent.trim().slice(0, 40));
    }
  }
  for (const [key, text] of small) problems.push(`text ${key}: "${text}"`);
  return problems;
}
