// The signals the panel's state is made of, and what makes a component render again when a signal
// it read while rendering changes. @preact/signals does that too, with more (signals bound straight
// into text and attributes, memoised components, its own hooks) that this panel does not use, for
// about 3 KB more minified in dist/ui.html (0.9 KB gzip); the panel only reads `.value` in render.
import type { Component } from 'preact';
import { effect } from '@preact/signals-core';
import { componentOf, renderOptions } from '../lib/preact-internals';

export { batch, computed, effect, signal, untracked, type ReadonlySignal, type Signal } from '@preact/signals-core';

type RenderFunction = Component['render'];

/** A rendering component, with the render preact gave it and the effect that tracks its last render. */
interface TrackedComponent extends Component {
  untrackedRender?: RenderFunction;
  stopTracking?: () => void;
}

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

const beforeRender = renderOptions.__r;
renderOptions.__r = (vnode) => {
  beforeRender?.(vnode);
  const component = componentOf<TrackedComponent>(vnode);
  if (component && !component.untrackedRender) {
    component.untrackedRender = component.render;
    component.render = trackedRender;
  }
};

const beforeUnmount = renderOptions.unmount;
renderOptions.unmount = (vnode) => {
  componentOf<TrackedComponent>(vnode)?.stopTracking?.();
  beforeUnmount?.(vnode);
};
