import { describe, expect, it } from 'vitest';

import { needsAccessToken } from '@/api/auth-middleware';

// The contract, as text (Vite's `?raw`), to check which operations take the staff token.
import openapiYaml from '../../../../../openapi.yaml?raw';
import { isStaffPath } from './staff-client';

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
