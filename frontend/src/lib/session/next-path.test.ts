import { describe, expect, it } from 'vitest';

import { loginPathFor, safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps paths of this site', () => {
    expect(safeNextPath('/me')).toBe('/me');
    expect(safeNextPath('/me/password?x=1#top')).toBe('/me/password?x=1#top');
  });

  it('drops anything that could lead elsewhere, and the login page itself', () => {
    for (const bad of [null, undefined, '', 'me', 'https://evil.example/', '//evil.example/x', '/\\evil.example', '/\tx', 'javascript:alert(1)', '/login', '/login?next=/me']) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
  });
});

describe('loginPathFor', () => {
  it('keeps the slashes readable', () => {
    expect(loginPathFor('/me')).toBe('/login?next=/me');
    expect(loginPathFor('/me/password?a=b&c=d')).toBe('/login?next=/me/password%3Fa%3Db%26c%3Dd');
    expect(loginPathFor('/login')).toBe('/login');
  });
});
