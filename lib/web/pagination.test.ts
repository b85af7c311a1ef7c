import { describe, expect, it } from 'vitest';
import { pageRange, pageWindow } from '@/lib/web/pagination';

describe('pageWindow', () => {
  it('shows a single page', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 0)).toEqual([1]);
  });

  it('shows every page when there are few', () => {
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it('puts gaps around the current page in a long list', () => {
    expect(pageWindow(10, 20)).toEqual([1, 'gap', 9, 10, 11, 'gap', 20]);
  });

  it('never hides exactly one page behind a gap', () => {
    expect(pageWindow(4, 20)).toEqual([1, 2, 3, 4, 5, 'gap', 20]);
    expect(pageWindow(17, 20)).toEqual([1, 'gap', 16, 17, 18, 19, 20]);
  });

  it('clamps a current page outside the range', () => {
    expect(pageWindow(99, 5)).toEqual([1, 'gap', 4, 5]);
    expect(pageWindow(-3, 10)).toEqual([1, 2, 'gap', 10]);
  });
});

describe('pageRange', () => {
  it('bounds a full and a last page', () => {
    expect(pageRange(1, 25, 120)).toEqual({ from: 1, to: 25 });
    expect(pageRange(5, 25, 120)).toEqual({ from: 101, to: 120 });
  });

  it('is 0–0 for no items', () => {
    expect(pageRange(1, 25, 0)).toEqual({ from: 0, to: 0 });
  });
});
