import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Field, Input, errorText, fieldErrorsOf } from '@/components/ui/field';

/** Renders a Field around an Input; `attr` reads an attribute of the first element with that tag. */
function render(props: Omit<Partial<Parameters<typeof Field>[0]>, 'children'>) {
  const field = { id: 'f', label: 'Reason', ...props, children: createElement(Input, { name: 'reason' }) };
  // Field is called inside a component so that its hooks run during a render.
  const html = renderToStaticMarkup(createElement(() => Field(field)));
  const attr = (tag: string, name: string): string | null => {
    const el = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? '';
    return new RegExp(`\\s${name}="([^"]*)"`).exec(el)?.[1] ?? null;
  };
  return { html, attr };
}

describe('Field', () => {
  it('labels the control and leaves it valid without an error', () => {
    const doc = render({});
    expect(doc.attr('label', 'for')).toBe('f');
    expect(doc.attr('input', 'id')).toBe('f');
    expect(doc.attr('input', 'aria-invalid')).toBeNull();
    expect(doc.attr('input', 'aria-describedby')).toBeNull();
  });

  it('describes the control by its error, then its hint, and marks it invalid', () => {
    const doc = render({ hint: 'Ten characters at least.', error: ['Too short.', 'Say why.'] });
    expect(doc.attr('input', 'aria-invalid')).toBe('true');
    expect(doc.attr('input', 'aria-describedby')).toBe('f-error f-hint');
    expect(doc.html).toContain('<p id="f-hint" class="mb-1 text-xs text-slate-600">Ten characters at least.</p>');
    expect(doc.html).toContain('<p id="f-error" class="mt-1 text-sm text-rose-700">Too short. Say why.</p>');
  });

  it('keeps the name and attributes the control was given', () => {
    const doc = render({});
    expect(doc.attr('input', 'name')).toBe('reason');
    expect(doc.attr('input', 'class')).toContain('rounded-md');
  });
});

describe('field errors from an action result', () => {
  it('reads fieldErrors when the result has them, and nothing otherwise', () => {
    expect(fieldErrorsOf({ ok: false, code: 'VALIDATION', message: 'x', fieldErrors: { reason: ['Too short.'] } })).toEqual({
      reason: ['Too short.'],
    });
    expect(fieldErrorsOf({ ok: false, code: 'VALIDATION', message: 'x' })).toBeUndefined();
  });

  it('joins several messages and treats empty ones as none', () => {
    expect(errorText(['a.', 'b.'])).toBe('a. b.');
    expect(errorText([])).toBeUndefined();
    expect(errorText('')).toBeUndefined();
    expect(errorText(undefined)).toBeUndefined();
  });
});
