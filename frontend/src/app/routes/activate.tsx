import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { ActivateAccount } from '@/features/accounts/components/activate-account';

export function Component() {
  return (
    <FormPage progress={<RegistrationSteps current={2} />} title="激活账号" testId="activate">
      <ActivateAccount />
    </FormPage>
  );
}
