import { describe, expect, it } from 'vitest';

import { needsAccessToken } from '@/api/auth-middleware';

// The contract, as text (Vite's `?raw`), to check which operations take the staff token.
import openapiYaml from '../../../openapi.yaml?raw';
import { StaffSessionStore } from '@/lib/staff/staff-session';
import { createStaffAuthMiddleware, isStaffPath } from './staff-client';

/** `METHOD /path` → its security schemes, read from openapi.yaml. */
function securityOf(yaml: string): Map<string, string[]> {
  const operations = new Map<string, string[]>();
  let path = '';
  let method = '';
  let inSecurity = false;
  for (const line of yaml.split('\n')) {
    if (line.startsWith('components:')) break;
    const pathMatch = /^ {2}(\/\S*):\s*$/.exec(line);
    const methodMatch = /^ {4}(get|put|post|delete|patch):\s*$/.exec(line);
    if (pathMatch) path = pathMatch[1]!;
    else if (methodMatch) {
      method = methodMatch[1]!.toUpperCase();
      operations.set(`${method} ${path}`, []);
    } else if (/^ {6}security:/.test(line)) inSecurity = true;
    else if (inSecurity && /^ {6}- (\w+):/.test(line)) operations.get(`${method} ${path}`)!.push(/^ {6}- (\w+):/.exec(line)![1]!);
    else if (!/^ {6}-/.test(line)) inSecurity = false;
  }
  return operations;
}

describe('the staff client’s operations', () => {
  const operations = securityOf(openapiYaml);

  it('are exactly those openapi.yaml secures with `staff` (the login steps and the setup link aside)', () => {
    const staff = [...operations].filter(([, schemes]) => schemes.includes('staff')).map(([op]) => op);
    expect(staff).toContain('GET /api/v1/support/accounts');
    expect(staff).toContain('GET /api/v1/audit-events');
    expect(staff).toContain('PATCH /api/v1/staff/accounts/{id}');
    for (const [operation, schemes] of operations) {
      const path = operation.split(' ')[1]!;
      const expected = schemes.includes('staff') || ['/api/v1/staff/sessions', '/api/v1/staff/sessions/second-factor', '/api/v1/staff/setup'].includes(path);
      expect([operation, isStaffPath(path)]).toEqual([operation, expected]);
    }
  });

  it('never overlap with the student token’s', () => {
    for (const operation of operations.keys()) {
      const [method, path] = operation.split(' ') as [string, string];
      expect(isStaffPath(path) && needsAccessToken(method, path)).toBe(false);
    }
  });
});

describe('the staff token middleware', () => {
  it('sends the token to GET /staff/sessions (登录设备) but not to the login, POST on the same path', async () => {
    const store = new StaffSessionStore(null);
    store.start({
      access_token: 'staff-1',
      token_type: 'Bearer',
      expires_in: 28800,
      staff: { id: 's', email: 's@example.cn', role: 'support', school_code: null, province_code: null, disabled: false, second_factor_enrolled: false },
    });
    const middleware = createStaffAuthMiddleware(store);
    const call = (method: string) =>
      middleware.onRequest!({
        request: new Request('http://localhost/api/v1/staff/sessions', { method }),
        schemaPath: '/api/v1/staff/sessions',
      } as never) as Request | undefined;
    expect(call('GET')?.headers.get('Authorization')).toBe('Bearer staff-1');
    expect(call('POST')).toBeUndefined();
    // A refused list ends the session; a refused login does not.
    const refuse = (method: string) =>
      middleware.onResponse!({
        request: new Request('http://localhost/api/v1/staff/sessions', { method }),
        response: new Response(null, { status: 401 }),
        schemaPath: '/api/v1/staff/sessions',
      } as never);
    await refuse('POST');
    expect(store.token()).toBe('staff-1');
    await refuse('GET');
    expect(store.token()).toBeNull();
  });
});
