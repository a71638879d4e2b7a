// The shared plugin data namespace Backdrop writes in the document. Shared plugin data belongs to
// the namespace, not to the plugin ID, so it stays readable when the manifest id changes (a plugin
// imported with a placeholder id, then published under the ID Figma assigns).
export const SHARED_NAMESPACE = 'backdrop';
