// The rest of a streamed upstream body (encodeStreamedRest): after the head and the image's
// bytes, it completes JSON equal to the whole signed request, whatever follows the image.
import { describe, expect, it } from 'vitest';
import { encodeStreamedRest } from '../../src/relay/encode-upstream-body';

const decoder = new TextDecoder();
const big = (letter: string) => `data:image/png;base64,${letter.repeat(200_000)}`;

function streamedJson(params: Record<string, unknown>, field: string, isList: boolean, rawStrings: { text: string; bytes: Uint8Array }[]): unknown {
  const first = isList ? (params[field] as string[])[0] : (params[field] as string);
  const head = `{${JSON.stringify(field)}:${isList ? '[' : ''}"${first}`;
  const rest = encodeStreamedRest(params, field, isList, rawStrings).map((piece) => decoder.decode(piece)).join('');
  return JSON.parse(head + rest);
}

describe('the rest of a streamed request', () => {
  it('closes the first image of a list, writes its other entries (a large one from its bytes) and every other field', () => {
    const second = big('B');
    const params = { Action: 'GenerateBackgrounds', ImageList: [big('A'), 'AAAA', second], Width: 512, PublicKey: 'k', Signature: 'f00' };
    const rawStrings = [{ text: second, bytes: new TextEncoder().encode(second) }];
    expect(streamedJson(params, 'ImageList', true, rawStrings)).toEqual(params);
  });

  it('closes a single image field and writes the rest, another large image included', () => {
    const mask = big('M');
    const params = { Action: 'RemoveContents', RawImage: big('R'), Mask: mask, request_uuid: 'u', Signature: 'f00' };
    expect(streamedJson(params, 'RawImage', false, [{ text: mask, bytes: new TextEncoder().encode(mask) }])).toEqual(params);
  });

  it('ends with the closing brace alone, where the padding to the declared length goes', () => {
    const pieces = encodeStreamedRest({ ImageList: [big('A')], Action: 'DescribeImages' }, 'ImageList', true, []);
    expect(decoder.decode(pieces[pieces.length - 1])).toBe('}');
  });
});
