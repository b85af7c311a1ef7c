import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { actionFailure, runAction } from '@/lib/web/action-result';

describe('runAction', () => {
  it('wraps the value on success', async () => {
    expect(await runAction(async () => 42)).toEqual({ ok: true, data: 42 });
  });

  it('turns zod issues into field errors keyed by path', async () => {
    const schema = z.object({ name: z.string().min(3, 'too short'), tags: z.array(z.string().max(2, 'tag too long')) });
    const r = await runAction(async () => schema.parse({ name: 'a', tags: ['ok', 'long'] }));
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { name: ['too short'], 'tags.1': ['tag too long'] } });
  });

  it('keeps AppError codes and turns VALIDATION details into field errors', () => {
    expect(actionFailure(new AppError('CONFLICT', 'already decided'))).toEqual({ ok: false, code: 'CONFLICT', message: 'already decided' });
    expect(actionFailure(new AppError('VALIDATION', 'x: bad', [{ path: 'x', message: 'bad' }]))).toEqual({
      ok: false,
      code: 'VALIDATION',
      message: 'x: bad',
      fieldErrors: { x: ['bad'] },
    });
  });

  it('refuses a NUL byte or an unpaired surrogate in any input before the body runs, naming the field', async () => {
    const body = vi.fn(async () => 1);
    const nul = await runAction(body, { input: { reason: 'a\u0000b' } });
    expect(nul).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { 'input.reason': [expect.stringContaining('NUL')] } });
    const lone = await runAction(body, { id: 'x\uD800' });
    expect(lone).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { id: [expect.stringContaining('surrogate')] } });
    expect(body).not.toHaveBeenCalled();
    expect(await runAction(body, { ok: 'emoji 😀 fine' })).toEqual({ ok: true, data: 1 });
  });

  it('maps a database that is restarting to UNAVAILABLE, not INTERNAL', () => {
    const e = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(actionFailure(e)).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  });

  it('logs anything unexpected and shows a generic message', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(actionFailure(new TypeError('boom'))).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
