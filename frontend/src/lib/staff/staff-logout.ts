import { request } from '@/api/request';

import { staffSession } from '@/lib/staff/staff-session';
import { staffApi } from '@/api/staff-client';

/** 退出: `DELETE /api/v1/staff/sessions/current`; this tab forgets the token whatever the answer. */
export async function staffLogout(): Promise<void> {
  if (staffSession.isLoggedIn()) await request(staffApi.DELETE('/api/v1/staff/sessions/current'));
  staffSession.clear('logout');
}
