// @vitest-environment happy-dom
// The UI bundle gives @create-figma-plugin/ui this forwardRef instead of preact/compat's: the kit's
// components must still receive refs and report input through it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRef, h } from 'preact';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { forwardRef } from '../../../ui/lib/forward-ref';

vi.mock('preact/compat', async () => ({ forwardRef: (await import('../../../ui/lib/forward-ref')).forwardRef }));

afterEach(cleanup);

describe('forwardRef without preact/compat', () => {
  it('hands the ref to the render function and keeps it out of the props', () => {
    const seen: Array<Record<string, unknown>> = [];
    const Field = forwardRef((props, ref) => {
      seen.push(props);
      return h('input', { ref: ref as never, 'aria-label': String(props.label) });
    });
    const ref = createRef<HTMLInputElement>();
    render(h(Field, { label: 'Seed', ref }));
    expect(ref.current).toBe(screen.getByLabelText('Seed'));
    expect(seen.at(-1)).toEqual({ label: 'Seed' });
  });

  it('passes null when no ref is given', () => {
    const refs: unknown[] = [];
    const Plain = forwardRef((_props, ref) => {
      refs.push(ref);
      return h('span', null, 'plain');
    });
    render(h(Plain, {}));
    expect(refs).toEqual([null]);
  });

  it('runs the UI kit: a Textbox takes a ref and reports typed text, a Button its click', async () => {
    const { Button, Textbox } = await import('@create-figma-plugin/ui');
    const ref = createRef<HTMLInputElement>();
    const typed: string[] = [];
    let clicks = 0;
    render(
      <div>
        <Textbox ref={ref} value="" aria-label="Model code" onValueInput={(value: string) => typed.push(value)} />
        <Button onClick={() => (clicks += 1)}>Generate</Button>
      </div>,
    );
    const input = screen.getByLabelText('Model code') as HTMLInputElement;
    expect(ref.current).toBe(input);
    input.value = 'picpik-general';
    fireEvent.input(input);
    expect(typed).toEqual(['picpik-general']);
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(clicks).toBe(1);
  });
});
