// Builds DOM nodes from data with textContent and properties only: no string of data ever becomes markup.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
      else if (name === 'class') element.className = String(value);
      // Through the CSSOM, which the page's Content-Security-Policy allows (a style attribute it does not).
      else if (name === 'style') element.style.cssText = String(value);
      else if (value === true) element.setAttribute(name, '');
      else element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

export function replace(element: Element, ...children: Child[]): void {
  clear(element);
  append(element, children);
}

/** A transient message at the bottom of the page (errors from actions). */
export function toast(message: string, kind: 'error' | 'info' = 'info'): void {
  const box = h('div', { class: `toast toast-${kind}`, role: 'status' }, message);
  document.body.appendChild(box);
  window.setTimeout(() => box.remove(), kind === 'error' ? 8000 : 4000);
}
