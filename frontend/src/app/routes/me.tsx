import { FormPage } from '@/components/ui/form-page';
import { AccountOverview } from '@/features/accounts/components/account-overview';

export function Component() {
  return (
    <FormPage title="个人中心" testId="me">
      <AccountOverview />
    </FormPage>
  );
}
