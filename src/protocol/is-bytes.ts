// The test of an image crossing the message boundary, by tag so it also works across realms. No
// zod here, so the UI's generated checker runs this very function.
export function isBytes(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}
