import { describe, expect, it } from 'vitest';

import { formatLocalDateTime, isInFuture, localDayBound } from './datetime';

describe('formatLocalDateTime', () => {
  it('shows an instant as local wall-clock time', () => {
    const at = new Date(2026, 10, 29, 8, 5, 9); // local
    expect(formatLocalDateTime(at.toISOString())).toBe('2026-11-29 08:05:09');
    expect(formatLocalDateTime(at.toISOString(), { seconds: false })).toBe('2026-11-29 08:05');
  });

  it('leaves what is not a time as it is', () => {
    expect(formatLocalDateTime('soon')).toBe('soon');
  });
});

describe('localDayBound', () => {
  it('turns a typed day into the instants of its local start and end (the next day’s start)', () => {
    expect(localDayBound('2026-11-29')).toBe(new Date(2026, 10, 29).toISOString());
    expect(localDayBound('2026-11-29', { end: true })).toBe(new Date(2026, 10, 30).toISOString());
    expect(localDayBound('2026-12-31', { end: true })).toBe(new Date(2027, 0, 1).toISOString());
  });

  it('passes anything else on for the server to judge', () => {
    expect(localDayBound('2026-02-31')).toBe('2026-02-31');
    expect(localDayBound('2026-11-01T08:00:00Z')).toBe('2026-11-01T08:00:00Z');
    expect(localDayBound('yesterday')).toBe('yesterday');
  });
});

describe('isInFuture', () => {
  it('is true only for a time still ahead', () => {
    const now = Date.parse('2026-11-29T08:00:00Z');
    expect(isInFuture('2026-11-29T08:15:00Z', now)).toBe(true);
    expect(isInFuture('2026-11-29T07:59:00Z', now)).toBe(false);
    expect(isInFuture(null, now)).toBe(false);
    expect(isInFuture('bad', now)).toBe(false);
  });
});
