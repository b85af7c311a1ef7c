import { describe, expect, it } from 'vitest';
import { formatDate, formatMetric, humanizeEnum, shortCommit } from '@/lib/web/format';

describe('format', () => {
  it('formats dates in UTC whatever the server zone', () => {
    expect(formatDate('2026-03-01T23:30:00.000Z')).toBe('1 Mar 2026');
  });

  it('shows metrics with at most three decimals and no trailing zeros', () => {
    expect(formatMetric(0.92)).toBe('0.92');
    expect(formatMetric(0.86123)).toBe('0.861');
    expect(formatMetric(1)).toBe('1');
    expect(formatMetric(-0.02)).toBe('-0.02');
  });

  it('shortens a commit id to seven characters', () => {
    expect(shortCommit('4652415544667261756430000000000000000000')).toBe('4652415');
  });

  it('humanizes enum values', () => {
    expect(humanizeEnum('HIGHLY_CONFIDENTIAL')).toBe('Highly confidential');
    expect(humanizeEnum('QA')).toBe('Qa');
  });
});
