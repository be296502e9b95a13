import { FormPage } from '@/components/ui/form-page';
import { ActivateAccount } from '@/features/accounts/components/activate-account';

export function Component() {
  return (
    <FormPage title="激活账号" testId="activate">
      <ActivateAccount />
    </FormPage>
  );
}
