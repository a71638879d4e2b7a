// Bytes a string takes in UTF-8, without TextEncoder (Figma's main thread may not have one):
// Figma's storage limits count bytes, and a CJK character is 3 of them.

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      // A surrogate pair is one 4-byte character.
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}
