import { useSearchParams } from 'react-router';

import { Page } from '@/components/ui/page';
import { StaffSetupLink } from '@/features/staff/components/staff-setup-link';

/** `/staff/setup?token=…`: the one-time link of a new staff account (no login needed). */
export function Component() {
  const [params] = useSearchParams();
  return (
    <Page title="设置工作人员账号密码" testId="staff-setup-page">
      <StaffSetupLink token={params.get('token')} />
    </Page>
  );
}
