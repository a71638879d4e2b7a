// Injected into every module of the UI bundle (esbuild.config.mjs, ui/tsconfig.build.json), so the
// classic JSX calls find the renderer's h and Fragment without each file importing them.
export { Fragment, h } from './components/render';
