// The signals the panel's state is made of. A component renders again when a signal it read while
// rendering changes (ui/components/render.ts); the panel only reads `.value` in render, so none of
// @preact/signals' bindings into text, attributes and hooks are needed.
export { batch, computed, effect, signal, untracked, type ReadonlySignal, type Signal } from '@preact/signals-core';
