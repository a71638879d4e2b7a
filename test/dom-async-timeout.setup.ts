// Test setup: gives testing-library's waitFor/findBy* a patient timeout for the DOM (happy-dom)
// tests, so a loaded machine slows them down instead of failing them; other tests are left alone.
export {};

if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/dom');
  configure({ asyncUtilTimeout: 10_000 });
}
