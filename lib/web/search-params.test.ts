import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZProjectListQuery, ZVersionListQuery } from '@/lib/inventory/schema';
import { hrefWith, parseSearchParams } from '@/lib/web/search-params';

describe('parseSearchParams', () => {
  it('applies the defaults to an empty query', () => {
    expect(parseSearchParams(ZProjectListQuery, {})).toEqual({ query: { page: 1, pageSize: 25, sort: 'name' }, issues: [] });
  });

  it('coerces valid values', () => {
    const { query, issues } = parseSearchParams(ZProjectListQuery, { page: '3', q: ' fraud ', lifecycle: 'PRODUCTION', sort: 'code' });
    expect(issues).toEqual([]);
    expect(query).toMatchObject({ page: 3, q: 'fraud', lifecycle: 'PRODUCTION', sort: 'code' });
  });

  it('treats empty values, as a GET form sends for "any", as absent', () => {
    const { query, issues } = parseSearchParams(ZProjectListQuery, { lifecycle: '', classification: '', q: '' });
    expect(issues).toEqual([]);
    expect(query.lifecycle).toBeUndefined();
    expect(query.q).toBeUndefined();
  });

  it('drops an invalid page, reports it, and keeps the valid parameters', () => {
    const { query, issues } = parseSearchParams(ZProjectListQuery, { page: '-1', lifecycle: 'TESTING' });
    expect(query).toMatchObject({ page: 1, lifecycle: 'TESTING' });
    expect(issues).toEqual([{ param: 'page', message: 'page must be 1 or more' }]);
  });

  it('drops an over-long search without echoing it', () => {
    const { query, issues } = parseSearchParams(ZProjectListQuery, { q: 'x'.repeat(10_000) });
    expect(query.q).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.param).toBe('q');
    expect(issues[0]!.message).not.toContain('xxxx');
  });

  it('reports several bad parameters at once', () => {
    const { query, issues } = parseSearchParams(ZProjectListQuery, { page: 'abc', pageSize: '1000', lifecycle: 'NOPE', sort: 'evil' });
    expect(query).toEqual({ page: 1, pageSize: 25, sort: 'name' });
    expect(issues.map((i) => i.param).sort()).toEqual(['lifecycle', 'page', 'pageSize', 'sort']);
  });

  it('uses the first of repeated parameters', () => {
    const { query } = parseSearchParams(ZVersionListQuery, { order: ['asc', 'desc'] });
    expect(query.order).toBe('asc');
  });

  it('ignores parameters the schema does not know', () => {
    expect(parseSearchParams(ZVersionListQuery, { utm_source: 'mail' }).issues).toEqual([]);
  });
});

describe('hrefWith', () => {
  it('leaves out empty values and defaults', () => {
    expect(hrefWith('/projects', { page: 1, q: '', lifecycle: undefined, sort: 'name' }, { page: 1, sort: 'name' })).toBe('/projects');
  });

  it('keeps non-default values in insertion order and encodes them', () => {
    expect(hrefWith('/projects', { q: 'card & fraud', page: 2, sort: 'name' }, { page: 1, sort: 'name' })).toBe(
      '/projects?q=card+%26+fraud&page=2',
    );
  });

  it('does not mistake 0 for empty', () => {
    expect(hrefWith('/x', { n: 0 })).toBe('/x?n=0');
  });
});

describe('parseSearchParams with values Postgres cannot take', () => {
  it('drops a NUL value and reports it, so the page still renders', () => {
    const { query, issues } = parseSearchParams(z.object({ q: z.string().optional() }), { q: 'a\u0000b' });
    expect(query).toEqual({});
    expect(issues).toEqual([{ param: 'q', message: 'q must not contain a NUL character' }]);
  });
});
