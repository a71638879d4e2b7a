// The signals the panel's state is made of, and what makes a component render again when a signal
// it read while rendering changes. @preact/signals does that too, with more (signals bound straight
// into text and attributes, memoised components, its own hooks) that this panel does not use, for
// about 3 KB more in dist/ui.html; the panel only reads `.value` in render.
import { options, type Component, type VNode } from 'preact';
import { effect } from '@preact/signals-core';

export { batch, computed, effect, signal, untracked, type ReadonlySignal, type Signal } from '@preact/signals-core';

type RenderFunction = Component['render'];

/** A rendering component, with the render preact gave it and the effect that tracks its last render. */
interface TrackedComponent extends Component {
  untrackedRender?: RenderFunction;
  stopTracking?: () => void;
}

/**
 * Preact's option hooks under the names preact/hooks uses too: `__r` runs before each component
 * render, and a vnode's rendered component is `__c`.
 */
const hooks = options as typeof options & { __r?: (vnode: VNode) => void };
type RenderedVNode = VNode & { __c?: TrackedComponent };

/**
 * Renders with the component's own render inside an effect, so the signals read are the effect's
 * sources; the first change to any of them stops the effect and asks the component to render again
 * (which tracks afresh).
 */
function trackedRender(this: TrackedComponent, ...args: Parameters<RenderFunction>): ReturnType<RenderFunction> {
  this.stopTracking?.();
  let rendered: ReturnType<RenderFunction> = null;
  let first = true;
  this.stopTracking = effect(() => {
    if (first) {
      first = false;
      rendered = (this.untrackedRender as RenderFunction).apply(this, args);
      return;
    }
    this.stopTracking?.();
    this.setState({});
  });
  return rendered;
}

const beforeRender = hooks.__r;
hooks.__r = (vnode) => {
  beforeRender?.(vnode);
  const component = (vnode as RenderedVNode).__c;
  if (component && !component.untrackedRender) {
    component.untrackedRender = component.render;
    component.render = trackedRender;
  }
};

const beforeUnmount = options.unmount;
options.unmount = (vnode) => {
  (vnode as RenderedVNode).__c?.stopTracking?.();
  beforeUnmount?.(vnode);
};
