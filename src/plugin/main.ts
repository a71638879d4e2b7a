// Backdrop's Figma main thread: opens the UI and starts a plugin session on the real `figma`.
import { startPlugin } from './start-plugin';

figma.showUI(__html__, { width: 360, height: 640, themeColors: true, title: 'Backdrop' });
startPlugin(figma);
