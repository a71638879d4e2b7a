// How one prop of the panel's renderer (ui/components/render.ts) reaches an element, by preact's
// rules: a style object key by key, on* as one listener per event type reading the handler of the
// last render, a DOM property where the element has one (except the names preact always sets as
// attributes), else an attribute, which false removes except for aria-*.

/** Set as attributes even where the element has a property of the name, as preact does. */
const ATTRIBUTES_ONLY = ['width', 'height', 'href', 'list', 'form', 'tabIndex', 'download', 'rowSpan', 'colSpan', 'role', 'popover'];

type Listening = Element & { on?: Record<string, ((event: Event) => void) | undefined> };

function listen(this: Listening, event: Event): void {
  this.on?.[event.type]?.(event);
}

function setStyle(style: CSSStyleDeclaration, name: string, value: unknown): void {
  if (name.includes('-')) style.setProperty(name, value == null ? '' : String(value));
  else (style as unknown as Record<string, unknown>)[name] = value ?? '';
}

export function setProp(dom: Listening, name: string, value: unknown, old: unknown, svg: boolean): void {
  if (name === 'style') {
    const style = (dom as HTMLElement).style;
    if (typeof value === 'string') {
      style.cssText = value;
      return;
    }
    if (typeof old === 'string') style.cssText = '';
    const before = (typeof old === 'object' && old ? old : {}) as Record<string, unknown>;
    const after = (value ?? {}) as Record<string, unknown>;
    for (const key in before) if (!(key in after)) setStyle(style, key, null);
    for (const key in after) if (after[key] !== before[key]) setStyle(style, key, after[key]);
    return;
  }
  if (name.startsWith('on')) {
    // One listener per event type, reading the handler of the last render.
    const type = name.slice(2).toLowerCase();
    const handlers = (dom.on ??= {});
    if (value && !handlers[type]) dom.addEventListener(type, listen as EventListener);
    else if (!value && handlers[type]) dom.removeEventListener(type, listen as EventListener);
    handlers[type] = value as (event: Event) => void;
    return;
  }
  if (!svg && !ATTRIBUTES_ONLY.includes(name) && name in dom) {
    try {
      (dom as unknown as Record<string, unknown>)[name] = value ?? '';
      return;
    } catch {
      // A read-only property: set the attribute instead.
    }
  }
  if (value != null && (value !== false || name[4] === '-')) dom.setAttribute(name, String(value));
  else dom.removeAttribute(name);
}
