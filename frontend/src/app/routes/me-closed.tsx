import { useLocation } from 'react-router';

import { FormPage } from '@/components/ui/form-page';
import { AccountClosedNotice } from '@/features/accounts/components/account-closed-notice';
import { readClosedState } from '@/features/accounts/lib/closed-state';

export function Component() {
  const state = readClosedState(useLocation().state);
  return (
    <FormPage title="账号已注销" testId="me-closed">
      <AccountClosedNotice erasedAfter={state?.erasedAfter ?? null} />
    </FormPage>
  );
}
