// The panel's renderer: JSX's h and Fragment, render into a container, function components that
// render again when their state or a signal they read while rendering changes, and context. In
// place of preact, whose class components, hydration, error boundaries and option hooks the panel
// never uses (about 3 KB of dist/ui.html gzip). It keeps preact's rules where the components rely
// on them:
// - a child keeps its element and its component state by its place among its siblings, where null
//   and false hold a place too, or by its key;
// - a prop reaches the DOM as preact sets it (ui/components/dom-props.ts), and an input's value
//   and checked are compared with what the DOM holds, after the children;
// - renders asked for in one task run together on a microtask, parents before their children, and
//   effects run after the browser painted.
import type { ComponentChildren, VNode as PreactVNode } from 'preact';
import { effect } from '../state/signals';
import { setProp } from './dom-props';

type Props = Record<string, unknown> & { children?: ComponentChildren };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each component names its own props
export type FunctionComponent<P = any> = (props: P) => ComponentChildren;
type Ref = { current: unknown } | ((node: unknown) => void);
type Cleanup = void | (() => void);
type ContextValues = Record<symbol, unknown>;

interface VNode {
  type: string | FunctionComponent;
  props: Props;
  key?: unknown;
  ref?: Ref;
}

/** One child's place: nothing, a text, or an element's or component's vnode. */
type Slot = VNode | string | null;

/** One hook call's memory, by its place among the component's hook calls (ui/components/hooks.ts). */
export interface HookSlot {
  value?: unknown;
  deps?: readonly unknown[];
  run?: () => Cleanup;
  cleanup?: Cleanup;
  set?: (next: never) => void;
}

/** What is on the page for one child: a text node, an element and its children, or a component's children. */
interface Instance {
  slot: Slot;
  dom?: Node;
  kids?: (Instance | null)[];
  parent?: Instance;
  component?: Component;
  svg?: boolean;
  /** The context values this child was rendered under. */
  context: ContextValues;
}

/** A function component on the page, with what its hooks keep. */
export interface Component {
  render: FunctionComponent & { provides?: symbol };
  props: Props;
  instance: Instance;
  depth: number;
  slots: HookSlot[];
  /** The next hook call's slot in the running render. */
  at: number;
  /** Effects whose dependencies changed in the last render, to run after paint. */
  due: HookSlot[];
  dirty?: boolean;
  dead?: boolean;
  stopTracking?: () => void;
  /** Asks for a render of this component on the next microtask. */
  update(): void;
}

export interface Context<T> {
  Provider: FunctionComponent<{ value: T; children?: ComponentChildren }>;
  id: symbol;
  fallback: T;
}

const SVG = 'http://www.w3.org/2000/svg';

export function h(type: string | FunctionComponent, props: Record<string, unknown> | null, ...children: ComponentChildren[]): PreactVNode {
  const { key, ref, ...rest } = props ?? {};
  if (children.length > 0) rest.children = children.length > 1 ? children : children[0];
  const vnode: VNode = { type, props: rest, key, ref: ref as Ref | undefined };
  return vnode as unknown as PreactVNode;
}

export function Fragment(props: { children?: ComponentChildren }): ComponentChildren {
  return props.children;
}

export function createContext<T>(fallback: T): Context<T> {
  const id = Symbol();
  const Provider = Object.assign((props: { children?: ComponentChildren }) => props.children, { provides: id });
  return { Provider, id, fallback };
}

function slotsOf(children: ComponentChildren): Slot[] {
  return (Array.isArray(children) ? children : [children]).map((child: unknown): Slot => {
    if (child == null || typeof child === 'boolean') return null;
    if (Array.isArray(child)) return { type: Fragment, props: { children: child } };
    return typeof child === 'object' ? (child as VNode) : String(child);
  });
}

function sameKind(instance: Instance | null | undefined, slot: Slot): instance is Instance {
  if (!instance || slot === null) return false;
  const old = instance.slot;
  return typeof slot === 'string' ? typeof old === 'string' : typeof old === 'object' && old !== null && old.type === slot.type && old.key === slot.key;
}

let current: Component | undefined;
let queue: Component[] = [];
let painted: Component[] = [];
let effectsAsked = false;

/** The component whose render is running, for the hooks. */
export function rendering(): Component {
  if (!current) throw new Error('a hook was called outside a component render');
  return current;
}

function setRef(ref: Ref | undefined, node: unknown): void {
  if (typeof ref === 'function') ref(node);
  else if (ref) ref.current = node;
}

function updateElement(instance: Instance, props: Props, old: Props): void {
  const dom = instance.dom as HTMLInputElement;
  const svg = !!instance.svg;
  for (const name in old) if (name !== 'children' && !(name in props)) setProp(dom, name, null, old[name], svg);
  for (const name in props) {
    if (name !== 'children' && name !== 'value' && name !== 'checked' && props[name] !== old[name]) setProp(dom, name, props[name], old[name], svg);
  }
  updateKids(instance, slotsOf(props.children), instance.context);
  place(domsOf(instance.kids), dom, null);
  // After the children (a select's options), against what the DOM holds, which typing changes.
  for (const name of ['value', 'checked'] as const) {
    if (props[name] !== undefined && props[name] !== dom[name]) setProp(dom, name, props[name], old[name], svg);
  }
}

function mount(slot: Slot, parent: Instance, context: ContextValues): Instance | null {
  if (slot === null) return null;
  const instance: Instance = { slot, parent, context, svg: parent.svg };
  if (typeof slot === 'string') {
    instance.dom = document.createTextNode(slot);
    return instance;
  }
  instance.kids = [];
  const type = slot.type;
  if (typeof type === 'string') {
    instance.svg ||= type === 'svg';
    instance.dom = instance.svg ? document.createElementNS(SVG, type) : document.createElement(type);
    updateElement(instance, slot.props, {});
    setRef(slot.ref, instance.dom);
    return instance;
  }
  const component: Component = { render: type, props: slot.props, instance, depth: depthOf(parent) + 1, slots: [], at: 0, due: [], update: () => enqueue(component) };
  instance.component = component;
  renderComponent(component);
  return instance;
}

function depthOf(instance: Instance | undefined): number {
  let depth = 0;
  for (let at = instance; at; at = at.parent) depth += 1;
  return depth;
}

function patch(instance: Instance, slot: Slot, context: ContextValues): void {
  const old = instance.slot as VNode;
  instance.slot = slot;
  instance.context = context;
  if (typeof slot === 'string') {
    if (slot !== (old as unknown)) (instance.dom as Text).data = slot;
    return;
  }
  const vnode = slot as VNode;
  const component = instance.component;
  if (component) {
    component.props = vnode.props;
    renderComponent(component);
    return;
  }
  updateElement(instance, vnode.props, old.props);
  if (old.ref !== vnode.ref) {
    setRef(old.ref, null);
    setRef(vnode.ref, instance.dom);
  }
}

/** Matches the new children to the old by place or key, updates or mounts them, and unmounts the rest. */
function updateKids(parent: Instance, slots: Slot[], context: ContextValues): void {
  const old = parent.kids ?? [];
  const kept = new Set<Instance>();
  parent.kids = slots.map((slot, at) => {
    const here = old[at];
    // A hole in the same place means a new unkeyed child there, as in preact; else search by kind and key.
    const keyless = typeof slot !== 'object' || slot === null || slot.key == null;
    const match = here === null && keyless ? undefined : here && !kept.has(here) && sameKind(here, slot) ? here : old.find((candidate) => candidate && !kept.has(candidate) && sameKind(candidate, slot));
    if (!match) return mount(slot, parent, context);
    kept.add(match);
    patch(match, slot, context);
    return match;
  });
  for (const instance of old) if (instance && !kept.has(instance)) unmount(instance, true);
}

function domsOf(kids: (Instance | null)[] | undefined, into: Node[] = []): Node[] {
  for (const kid of kids ?? []) {
    if (kid?.dom) into.push(kid.dom);
    else if (kid) domsOf(kid.kids, into);
  }
  return into;
}

/** Puts the nodes in order before `end`, moving only those not already where they belong. */
function place(nodes: Node[], into: Node, end: Node | null): void {
  for (let at = nodes.length - 1; at >= 0; at -= 1) {
    const node = nodes[at] as Node;
    if (node.parentNode !== into || node.nextSibling !== end) into.insertBefore(node, end);
    end = node;
  }
}

function cleanUp(slot: HookSlot): void {
  const cleanup = slot.cleanup;
  slot.cleanup = undefined;
  if (typeof cleanup === 'function') cleanup();
}

function unmount(instance: Instance, remove: boolean): void {
  const component = instance.component;
  if (component) {
    component.dead = true;
    component.stopTracking?.();
    component.slots.forEach(cleanUp);
  }
  const slot = instance.slot;
  if (typeof slot === 'object' && slot) setRef(slot.ref, null);
  for (const kid of instance.kids ?? []) if (kid) unmount(kid, remove && !instance.dom);
  if (remove && instance.dom) (instance.dom as ChildNode).remove();
}

/**
 * Renders the component's function inside an effect, so the signals it reads are the effect's
 * sources: the first change to any of them stops the effect and asks for a render (which tracks
 * afresh). Its children then render outside the effect, each tracking its own.
 */
function renderComponent(component: Component): void {
  component.dirty = false;
  component.stopTracking?.();
  let output: ComponentChildren = null;
  let first = true;
  component.stopTracking = effect(() => {
    if (!first) {
      component.stopTracking?.();
      enqueue(component);
      return;
    }
    first = false;
    const outer = current;
    current = component;
    component.at = 0;
    try {
      output = component.render(component.props);
    } finally {
      current = outer;
    }
  });
  const instance = component.instance;
  const provides = component.render.provides;
  const context = provides ? { ...instance.context, [provides]: component.props.value } : instance.context;
  updateKids(instance, slotsOf(output), context);
  if (component.due.length > 0 && !painted.includes(component)) painted.push(component);
}

function enqueue(component: Component): void {
  if (component.dirty || component.dead) return;
  component.dirty = true;
  if (queue.push(component) === 1) void Promise.resolve().then(renderQueued);
}

/** The first node after the instance's own, among its siblings and then its parents' (null: the end of its element). */
function nextDom(instance: Instance): Node | null {
  for (let child = instance, parent = instance.parent; parent; child = parent, parent = parent.parent) {
    const kids = parent.kids ?? [];
    for (let at = kids.indexOf(child) + 1; at < kids.length; at += 1) {
      const first = domsOf([kids[at] ?? null])[0];
      if (first) return first;
    }
    if (parent.dom) return null;
  }
  return null;
}

function renderQueued(): void {
  // A component whose render throws does not keep the others from rendering; the first error is rethrown.
  let failure: { error: unknown } | undefined;
  while (queue.length > 0) {
    const components = queue.sort((a, b) => a.depth - b.depth);
    queue = [];
    for (const component of components) {
      if (!component.dirty || component.dead) continue;
      const instance = component.instance;
      try {
        renderComponent(component);
        let parent = instance.parent;
        while (parent && !parent.dom) parent = parent.parent;
        if (parent?.dom) place(domsOf(instance.kids), parent.dom, nextDom(instance));
      } catch (error) {
        component.dirty = false;
        failure ??= { error };
      }
    }
  }
  askForEffects();
  if (failure) throw failure.error;
}

function runDueEffects(): void {
  effectsAsked = false;
  const components = painted;
  painted = [];
  for (const component of components) {
    const due = component.due;
    component.due = [];
    if (component.dead) continue;
    due.forEach(cleanUp);
    for (const slot of due) slot.cleanup = slot.run?.();
  }
}

/** After the next paint: the frame after requestAnimationFrame, or 35 ms in a frame that does not paint. */
function askForEffects(): void {
  if (effectsAsked || painted.length === 0) return;
  effectsAsked = true;
  let frame = 0;
  const done = () => {
    clearTimeout(timeout);
    cancelAnimationFrame(frame);
    setTimeout(runDueEffects);
  };
  const timeout = setTimeout(done, 35);
  frame = requestAnimationFrame(done);
}

const roots = new WeakMap<Node, Instance>();

/** Renders `children` into `container`, updating what an earlier render put there (null empties it). */
export function render(children: ComponentChildren, container: Element): void {
  let root = roots.get(container);
  if (!root) roots.set(container, (root = { slot: null, dom: container, kids: [], context: {} }));
  updateKids(root, slotsOf(children), root.context);
  place(domsOf(root.kids), container, null);
  askForEffects();
}

/** Runs the renders asked for and the effects due now, until none are left (what tests wait for). */
export function flushRendering(): void {
  while (queue.length > 0 || painted.length > 0) {
    renderQueued();
    runDueEffects();
  }
}
