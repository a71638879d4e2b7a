import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssues } from '../../src/contract/issues';
import {
  PICPIK_ACTION_TABLE,
  GenerateBackgroundsParamsSchema,
  ListModelsResponseSchema,
  parseActionParams,
  PICPIK_ACTIONS,
  TaskDetailSchema,
  type GenerateBackgroundsParams,
} from '../../src/contract/schemas';
import { dataUrl, makeTestImagesAsync, type TestImages } from './images';

let images: TestImages;
beforeAll(async () => {
  images = await makeTestImagesAsync();
});

/** The seed document's request example, rebuilt: seed-shape foreground, ResizeMode in the reference. */
function seedExample(): Record<string, unknown> {
  return {
    Action: 'GenerateBackgrounds',
    PublicKey: 'your_public_key',
    Signature: '0123456789abcdef0123456789abcdef01234567',
    MainModel: { ModelCode: 'PICPIK General', Name: 'PICPIK General', IsOfficial: true, InferenceParams: { Steps: 20 } },
    SubModelList: [
      { ModelCode: 'lora-watercolor', TriggerWordList: ['watercolor'], InferenceParams: { LoraWeight: 0.8 } },
      { ModelCode: 'embedding-easy-negative' },
    ],
    PositivePrompts: ['a sunlit kitchen counter', 'soft shadows'],
    NegativePrompts: ['blurry'],
    TranslatePrompts: true,
    Seed: -1,
    Width: 1024,
    Height: 768,
    BatchSize: 2,
    UseMainModelVAE: false,
    BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.3, ResizeMode: 'CropAndResize' },
    TransparentImageIndexList: [0],
    ImageList: [dataUrl(images.rgbaPng), dataUrl(images.rgbPng)],
  };
}

/** The same request in the table's shape, minimal. */
function tableExample(): Record<string, unknown> {
  return {
    MainModel: { ModelCode: 'PICPIK General' },
    SubModelList: [{ ModelCode: 'lora-watercolor', TriggerWordList: ['watercolor'], InferenceParams: { LoraWeight: 1 } }],
    PositivePrompts: ['a beach'],
    BackgroundImage2Image: { ImageIndex: 1 },
    TransparentForeground: { ImageIndex: 0 },
    ImageList: [images.rgbaPng.toString('base64'), dataUrl(images.rgbPng)],
  };
}

describe('GenerateBackgrounds: accepted shapes', () => {
  it("parses the seed's example and normalises it to the table's shape", () => {
    const result = parseActionParams('GenerateBackgrounds', seedExample());
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const value: GenerateBackgroundsParams = result.value;
    expect(value).not.toHaveProperty('TransparentImageIndexList');
    expect(value).not.toHaveProperty('Action');
    expect(value.TransparentForeground).toEqual({ ImageIndex: 0, ResizeMode: 'CropAndResize' });
    expect(value.BackgroundImage2Image).toEqual({ ImageIndex: 1, ReferStrength: 0.3 });
    expect(value.MainModel.InferenceParams).toEqual({ Steps: 20 });
    expect(value.SubModelList?.[0]?.InferenceParams).toEqual({ LoraWeight: 0.8 });
    expect(value.SubModelList?.[1]).toEqual({ ModelCode: 'embedding-easy-negative' });
    expect(value.Height).toBe(768);
    expect(value.BatchSize).toBe(2);
    expect(value.ImageList).toHaveLength(2);
  });

  it('parses the seed example given as JSON text with the trailing comma removed', () => {
    const text = JSON.stringify(seedExample(), null, 2);
    const result = parseActionParams('GenerateBackgrounds', JSON.parse(text));
    expect(result.ok).toBe(true);
  });

  it('applies the documented defaults to the table shape', () => {
    const value = GenerateBackgroundsParamsSchema.parse({
      MainModel: { ModelCode: 'm' },
      SubModelList: [{ ModelCode: 'lora', TriggerWordList: [] }],
      BackgroundImage2Image: { ImageIndex: 0 },
      TransparentForeground: { ImageIndex: 0 },
      ImageList: [dataUrl(images.rgbaPng)],
    });
    expect(value).toEqual({
      MainModel: { ModelCode: 'm', InferenceParams: { Steps: 10 } },
      SubModelList: [{ ModelCode: 'lora', TriggerWordList: [], InferenceParams: { LoraWeight: 1 } }],
      TranslatePrompts: true,
      Seed: -1,
      Width: 1024,
      Height: 1024,
      BatchSize: 1,
      UseMainModelVAE: false,
      BackgroundImage2Image: { ImageIndex: 0, ReferStrength: 0.5 },
      TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' },
      ImageList: [dataUrl(images.rgbaPng)],
    });
  });

  it('is idempotent: the normalised output parses to itself', () => {
    const parsedSeed = parseActionParams('GenerateBackgrounds', seedExample());
    if (!parsedSeed.ok) throw new Error(formatIssues(parsedSeed.issues));
    for (const input of [tableExample(), parsedSeed.value]) {
      const once = GenerateBackgroundsParamsSchema.parse(input);
      expect(GenerateBackgroundsParamsSchema.parse(once)).toEqual(once);
    }
  });

  it('accepts a palette PNG whose transparency is in a tRNS chunk, and GIF/WebP/JPEG references', () => {
    for (const reference of [images.jpeg, images.gif, images.webp]) {
      const body = { ...tableExample(), ImageList: [dataUrl(images.palettePngWithTrns), reference.toString('base64')] };
      const result = parseActionParams('GenerateBackgrounds', body);
      expect(result.ok ? '' : formatIssues(result.issues)).toBe('');
    }
  });

  it('accepts the boundaries of every range', () => {
    const body = {
      ...tableExample(),
      Seed: 2147483647,
      Width: 64,
      Height: 2560,
      BatchSize: 16,
      BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 1 },
      MainModel: { ModelCode: 'm', InferenceParams: { Steps: 100 } },
      SubModelList: [{ ModelCode: 'l', InferenceParams: { LoraWeight: -1 } }, { ModelCode: 'l2', InferenceParams: { LoraWeight: 2, Resolution: 2048, ControlWeight: 0, StartingStep: 0, EndingStep: 1 } }],
    };
    const result = parseActionParams('GenerateBackgrounds', body);
    expect(result.ok ? '' : formatIssues(result.issues)).toBe('');
  });
});

// The mutations reach anywhere into a plain JSON body, which no narrower type describes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;
type Mutation = (body: JsonBody) => void;

// One documented rule broken at a time: [name, mutation, expected issue path].
const VIOLATIONS: Array<[string, Mutation, string]> = [
  ['Seed -2', (b) => (b.Seed = -2), 'Seed'],
  ['Seed 2147483648', (b) => (b.Seed = 2147483648), 'Seed'],
  ['Seed 1.5', (b) => (b.Seed = 1.5), 'Seed'],
  ['Width 63', (b) => (b.Width = 63), 'Width'],
  ['Width 2561', (b) => (b.Width = 2561), 'Width'],
  ['Height "x"', (b) => (b.Height = 'x'), 'Height'],
  ['BatchSize 0', (b) => (b.BatchSize = 0), 'BatchSize'],
  ['BatchSize 17', (b) => (b.BatchSize = 17), 'BatchSize'],
  ['ReferStrength 1.1', (b) => (b.BackgroundImage2Image.ReferStrength = 1.1), 'BackgroundImage2Image.ReferStrength'],
  ['ReferStrength -0.1', (b) => (b.BackgroundImage2Image.ReferStrength = -0.1), 'BackgroundImage2Image.ReferStrength'],
  ['LoraWeight 2.5', (b) => (b.SubModelList[0].InferenceParams.LoraWeight = 2.5), 'SubModelList[0].InferenceParams.LoraWeight'],
  ['LoraWeight -1.5', (b) => (b.SubModelList[0].InferenceParams.LoraWeight = -1.5), 'SubModelList[0].InferenceParams.LoraWeight'],
  ['LoraWeight 0.555 (step 0.01)', (b) => (b.SubModelList[0].InferenceParams.LoraWeight = 0.555), 'SubModelList[0].InferenceParams.LoraWeight'],
  ['Steps 5', (b) => (b.MainModel.InferenceParams = { Steps: 5 }), 'MainModel.InferenceParams.Steps'],
  ['Steps 101', (b) => (b.MainModel.InferenceParams = { Steps: 101 }), 'MainModel.InferenceParams.Steps'],
  ['Resolution 100 (step 64)', (b) => (b.MainModel.InferenceParams = { Resolution: 100 }), 'MainModel.InferenceParams.Resolution'],
  ['ControlWeight 2.1', (b) => (b.MainModel.InferenceParams = { ControlWeight: 2.1 }), 'MainModel.InferenceParams.ControlWeight'],
  ['ResizeMode "Stretch"', (b) => (b.TransparentForeground.ResizeMode = 'Stretch'), 'TransparentForeground.ResizeMode'],
  ['missing MainModel', (b) => delete b.MainModel, 'MainModel'],
  ['missing MainModel.ModelCode', (b) => delete b.MainModel.ModelCode, 'MainModel.ModelCode'],
  ['empty MainModel.ModelCode', (b) => (b.MainModel.ModelCode = ''), 'MainModel.ModelCode'],
  ['missing TransparentForeground', (b) => delete b.TransparentForeground, 'TransparentForeground'],
  ['missing TransparentForeground.ImageIndex', (b) => (b.TransparentForeground = {}), 'TransparentForeground.ImageIndex'],
  ['missing ImageList', (b) => delete b.ImageList, 'ImageList'],
  ['empty ImageList', (b) => (b.ImageList = []), 'ImageList'],
  ['ImageList item not base64', (b) => (b.ImageList[1] = 'not base64!'), 'ImageList[1]'],
  ['foreground ImageIndex out of range', (b) => (b.TransparentForeground.ImageIndex = 3), 'TransparentForeground.ImageIndex'],
  ['reference ImageIndex out of range', (b) => (b.BackgroundImage2Image.ImageIndex = 2), 'BackgroundImage2Image.ImageIndex'],
  ['negative ImageIndex', (b) => (b.TransparentForeground.ImageIndex = -1), 'TransparentForeground.ImageIndex'],
  ['unknown top-level field', (b) => (b.Foo = 1), 'Foo'],
  ['unknown nested field', (b) => (b.MainModel.Bar = 1), 'MainModel.Bar'],
  ['TranslatePrompts "yes"', (b) => (b.TranslatePrompts = 'yes'), 'TranslatePrompts'],
  ['UseMainModelVAE 1', (b) => (b.UseMainModelVAE = 1), 'UseMainModelVAE'],
  ['PositivePrompts not an array', (b) => (b.PositivePrompts = 'a beach'), 'PositivePrompts'],
  ['NegativePrompts holding a number', (b) => (b.NegativePrompts = [1]), 'NegativePrompts[0]'],
  ['SubModelList not an array', (b) => (b.SubModelList = {}), 'SubModelList'],
  ['foreground is a JPEG', (b) => (b.ImageList[0] = dataUrl(images.jpeg, 'image/jpeg')), 'ImageList[0]'],
  ['foreground PNG without alpha', (b) => (b.ImageList[0] = dataUrl(images.rgbPng)), 'ImageList[0]'],
  ['reference is not an image', (b) => (b.ImageList[1] = Buffer.from('hello world, not an image').toString('base64')), 'ImageList[1]'],
];

describe('GenerateBackgrounds: each documented rule, broken one at a time', () => {
  it.each(VIOLATIONS)('%s is rejected naming the field', (_name, mutate, path) => {
    const body = structuredClone(tableExample()) as JsonBody;
    mutate(body);
    const result = parseActionParams('GenerateBackgrounds', body);
    if (result.ok) throw new Error('accepted');
    expect(result.issues).toHaveLength(1);
    const [issue] = result.issues;
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(path.split(/[.[]/)[0]);
    expect(issue?.message.startsWith(path) || issue?.message.includes(`"${path}"`)).toBe(true);
    expect(issue?.rule).toMatch(/^[a-z0-9_]+$/);
  });

  it('words the common rejections so a designer can act on them', () => {
    const messages = (mutate: Mutation) => {
      const body = structuredClone(tableExample()) as JsonBody;
      mutate(body);
      const result = parseActionParams('GenerateBackgrounds', body);
      return result.ok ? [] : result.issues.map((i) => i.message);
    };
    expect(messages((b) => (b.Width = 3000))).toEqual(['Width must be a whole number between 64 and 2560 (got 3000)']);
    expect(messages((b) => (b.BackgroundImage2Image.ReferStrength = 2))[0]).toMatch(/^BackgroundImage2Image\.ReferStrength must be a number between 0 and 1/);
    expect(messages((b) => (b.Foo = 1))).toEqual(['Unknown field "Foo": remove it']);
    expect(messages((b) => ((b.TransparentForeground.ImageIndex = 3), (b.ImageList = [b.ImageList[0]]), delete b.BackgroundImage2Image))[0]).toMatch(
      /^TransparentForeground\.ImageIndex points to image 3 but ImageList has 1 image\b/,
    );
    expect(messages((b) => delete b.MainModel.ModelCode)).toEqual(['MainModel.ModelCode is required']);
    expect(messages((b) => (b.ImageList[0] = dataUrl(images.jpeg)))[0]).toMatch(/^ImageList\[0\] is a JPEG, but the foreground \(TransparentForeground\) must be a PNG/);
  });

  it('reports several problems at once, and base64 values are cut short in messages', () => {
    const body = { ...tableExample(), Width: 1, Height: 99999, Seed: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    const result = parseActionParams('GenerateBackgrounds', body);
    if (result.ok) throw new Error('accepted');
    expect(result.issues.map((i) => i.path)).toEqual(['Seed', 'Width', 'Height']);
    expect(result.issues[0]?.message.length).toBeLessThan(150);
  });

  it('rejects the seed shape when its foreground index is out of range or doubled', () => {
    const seed = seedExample();
    const outOfRange = parseActionParams('GenerateBackgrounds', { ...seed, TransparentImageIndexList: [5] });
    expect(outOfRange.ok ? [] : outOfRange.issues.map((i) => i.path)).toEqual(['TransparentImageIndexList[0]']);
    const two = parseActionParams('GenerateBackgrounds', { ...seed, TransparentImageIndexList: [0, 1] });
    expect(two.ok ? [] : two.issues.map((i) => i.path)).toEqual(['TransparentImageIndexList']);
    const both = parseActionParams('GenerateBackgrounds', { ...seed, TransparentForeground: { ImageIndex: 0 } });
    expect(both.ok ? [] : both.issues.map((i) => i.path)).toEqual(['TransparentImageIndexList']);
    const conflict = parseActionParams('GenerateBackgrounds', {
      ...tableExample(),
      TransparentForeground: { ImageIndex: 0, ResizeMode: 'JustResize' },
      BackgroundImage2Image: { ImageIndex: 1, ResizeMode: 'CropAndResize' },
    });
    expect(conflict.ok ? [] : conflict.issues.map((i) => i.path)).toEqual(['BackgroundImage2Image.ResizeMode']);
  });

  it('accepts a 20 MB foreground by its header, without decoding the image data', () => {
    // A real RGBA PNG header followed by 20 MB of base64 padding data (the walk stops at IDAT).
    const head = images.rgbaPng.toString('base64').replace(/=+$/, '');
    const big = head.slice(0, head.length - (head.length % 4)) + 'A'.repeat(20_000_000);
    const body = { ...tableExample(), ImageList: [big, dataUrl(images.rgbPng)] };
    const result = parseActionParams('GenerateBackgrounds', body);
    expect(result.ok ? '' : formatIssues(result.issues)).toBe('');
  });
});

describe('GenerateBackgrounds: an image its field rejects', () => {
  it('is reported once, by ImageList, not again by the foreground and reference rules that point at it', () => {
    const result = parseActionParams('GenerateBackgrounds', {
      MainModel: { ModelCode: 'm' },
      TransparentForeground: { ImageIndex: 0 },
      BackgroundImage2Image: { ImageIndex: 0 },
      ImageList: ['not base64!'],
    });
    expect(result.ok ? [] : result.issues.map((issue) => [issue.path, issue.rule])).toEqual([['ImageList[0]', 'base64']]);
  });
});

describe('other actions', () => {
  it('knows every action and has a params and response schema for each', () => {
    expect([...PICPIK_ACTIONS].sort()).toEqual(Object.keys(PICPIK_ACTION_TABLE).sort());
  });

  it('validates ListTasksDetails task ids: 1..100 non-empty strings', () => {
    expect(parseActionParams('ListTasksDetails', { TaskUIDList: ['a'] })).toEqual({ ok: true, value: { TaskUIDList: ['a'] } });
    const paths = (params: unknown) => {
      const r = parseActionParams('ListTasksDetails', params);
      return r.ok ? [] : r.issues.map((i) => i.path);
    };
    expect(paths({ TaskUIDList: [] })).toEqual(['TaskUIDList']);
    expect(paths({ TaskUIDList: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toEqual(['TaskUIDList']);
    expect(paths({ TaskUIDList: ['a', ''] })).toEqual(['TaskUIDList[1]']);
    expect(paths({})).toEqual(['TaskUIDList']);
  });

  it('takes nothing for ListModels, ListRunningTasks and GetCreditBalance, and a TaskUID for TerminateTask', () => {
    for (const action of ['ListModels', 'ListRunningTasks', 'GetCreditBalance'] as const) {
      expect(parseActionParams(action, {})).toEqual({ ok: true, value: {} });
      const extra = parseActionParams(action, { X: 1 });
      expect(extra.ok ? '' : extra.issues[0]?.message).toBe('Unknown field "X": remove it');
    }
    expect(parseActionParams('TerminateTask', { TaskUID: 't1' })).toEqual({ ok: true, value: { TaskUID: 't1' } });
    const missing = parseActionParams('TerminateTask', {});
    expect(missing.ok ? '' : missing.issues[0]?.message).toBe('TaskUID is required');
  });

  it('ignores envelope fields still present and names an unknown action', () => {
    expect(parseActionParams('ListModels', { Action: 'ListModels', PublicKey: 'p', Signature: 's', request_uuid: 'u' }).ok).toBe(true);
    const unknown = parseActionParams('Nope', {});
    expect(unknown.ok ? '' : unknown.issues[0]?.path).toBe('Action');
  });
});

describe('responses', () => {
  it('fills TaskDetail defaults, keeps the ErrorMassage spelling and unknown fields', () => {
    const detail = TaskDetailSchema.parse({ TaskUID: 't', Status: 'Running', Extra: 1 });
    expect(detail).toEqual({ TaskUID: 't', Status: 'Running', ImgList: [], ErrorCode: 0, ErrorMassage: '', Extra: 1 });
    expect(TaskDetailSchema.parse({ TaskUID: 't', Status: 'Error', ErrorCode: 5, ErrorMessage: 'boom' }).ErrorMassage).toBe('boom');
    expect(TaskDetailSchema.safeParse({ TaskUID: 't', Status: 'x', Seed: 1.5 }).success).toBe(false);
  });

  it('parses ListModels maps, defaulting absent maps and ModelCode to the key', () => {
    const response = ListModelsResponseSchema.parse({
      Action: 'ListModels',
      RetCode: 0,
      MainModels: { general: { Name: 'PICPIK General', IsOfficial: true } },
    });
    expect(response.MainModels['general']?.ModelCode).toBe('general');
    expect(response.LoraModels).toEqual({});
    expect(response.Message).toBe('');
  });

  it('parses every response type', () => {
    const common = { Action: 'X', RetCode: 0, request_uuid: 'u' };
    expect(PICPIK_ACTION_TABLE.GenerateBackgrounds.response.parse({ ...common, TaskUID: 't' }).TaskUID).toBe('t');
    expect(PICPIK_ACTION_TABLE.ListTasksDetails.response.parse({ ...common, TaskDetailList: [{ TaskUID: 't', Status: 'Finished', ImgList: ['u'] }] }).TaskDetailList).toHaveLength(1);
    expect(PICPIK_ACTION_TABLE.TerminateTask.response.parse(common).RetCode).toBe(0);
    expect(PICPIK_ACTION_TABLE.ListRunningTasks.response.parse({ ...common, TaskUIDList: ['a'] }).TaskUIDList).toEqual(['a']);
    expect(PICPIK_ACTION_TABLE.GetCreditBalance.response.parse({ ...common, TotalCredits: 100, UsedCredits: 2.5, ExpireTimestamp: 1700000000 }).UsedCredits).toBe(2.5);
    expect(PICPIK_ACTION_TABLE.GenerateBackgrounds.response.safeParse(common).success).toBe(false);
    expect(PICPIK_ACTION_TABLE.TerminateTask.response.safeParse({ ...common, RetCode: 1.5 }).success).toBe(false);
  });

  // PICPIK's api-reference pages mark only these response fields required: an answer holding
  // nothing else must parse.
  it('accepts every answer that carries only the fields PICPIK documents as required', () => {
    const common = { Action: 'X', RetCode: 0 };
    const balance = PICPIK_ACTION_TABLE.GetCreditBalance.response.parse({ ...common, TotalCredits: 804000, UsedCredits: 4641 });
    expect(balance).toMatchObject({ TotalCredits: 804000, UsedCredits: 4641, Message: '' });
    expect(balance.ExpireTimestamp).toBeUndefined();
    const listed = PICPIK_ACTION_TABLE.ListTasksDetails.response.parse({ ...common, TaskDetailList: [{ TaskUID: 't', Action: 'GenerateBackgrounds', Status: 'Running' }] });
    expect(listed.TaskDetailList[0]).toMatchObject({ TaskUID: 't', Status: 'Running', ImgList: [], ErrorCode: 0, ErrorMassage: '' });
    expect(listed.TaskDetailList[0]?.Seed).toBeUndefined();
    expect(PICPIK_ACTION_TABLE.ListModels.response.parse({ ...common, MainModels: { m: { ModelCode: 'm' } } }).LoraModels).toEqual({});
    expect(PICPIK_ACTION_TABLE.ListRunningTasks.response.parse({ ...common, TaskUIDList: [] }).TaskUIDList).toEqual([]);
    expect(PICPIK_ACTION_TABLE.TerminateTask.response.parse(common).Message).toBe('');
  });
});
