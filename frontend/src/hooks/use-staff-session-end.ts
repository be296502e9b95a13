import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';

import type { NavState } from '@/lib/nav-state';

import { staffLoginPathFor } from '@/lib/staff/require-staff';
import { staffSession } from '@/lib/staff/staff-session';

/** On a staff screen: when the staff session expires (or the server refuses it), go to the staff login. */
export function useStaffSessionEnd() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const here = useRef(pathname + search);
  useEffect(() => {
    here.current = pathname + search;
  });
  useEffect(
    () =>
      staffSession.onEnd((reason) => {
        if (reason !== 'expired') return;
        const state: NavState = { notice: '登录已过期，请重新登录。' };
        navigate(staffLoginPathFor(here.current), { replace: true, state });
      }),
    [navigate],
  );
}
