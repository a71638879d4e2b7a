// Placeholder main thread: reports the selected layer's name to the UI.
figma.showUI(__html__, { width: 360, height: 560, themeColors: true, title: 'Backdrop' });
const report = () => {
  const node = figma.currentPage.selection[0];
  figma.ui.postMessage({ type: 'selection', name: node ? node.name : null });
};
figma.on('selectionchange', report);
report();
