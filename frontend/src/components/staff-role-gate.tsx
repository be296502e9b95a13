import type { ReactNode } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';

import { type StaffRole, useStaff } from '@/lib/staff/staff-session';

/** The message for a staff member whose role may not use this screen, with the way back. */
export function StaffForbidden({ message }: { message: string }) {
  return (
    <FormAlert tone="warning" title="没有权限（403）" testId="staff-forbidden">
      <p>{message}</p>
      <p>
        <Link to="/staff">返回工作台</Link>
      </p>
    </FormAlert>
  );
}

/**
 * A staff screen for some roles only: others see why (and the way back to 工作台) instead of a
 * screen whose every call would fail. The route's loader (`requireStaff`) has already made sure
 * someone is logged in; once the session ends, the gate shows nothing (no calls without a token).
 */
export function StaffRoleGate({ roles, message, children }: { roles: readonly StaffRole[]; message: string; children: ReactNode }) {
  const staff = useStaff();
  // No session (it just ended; the screen is on its way to the login): nothing to show or load.
  if (!staff) return null;
  if (!roles.includes(staff.role)) return <StaffForbidden message={message} />;
  return children;
}

/** A 403 from the server (the role changed since the login) reads like the gate; other errors as they are. */
export function staffErrorMessage(error: UiError, forbidden: string): string {
  return error.status === 403 ? forbidden : error.message;
}
