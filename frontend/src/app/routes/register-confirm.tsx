import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { ConfirmRegistration } from '@/features/registration/components/confirm-registration';
import { RegistrationGate } from '@/features/registration/components/registration-gate';

export function Component() {
  return (
    <FormPage title="确认信息" progress={<RegistrationSteps current={5} />} testId="register-confirm">
      <RegistrationGate>{(gate) => <ConfirmRegistration gate={gate} />}</RegistrationGate>
    </FormPage>
  );
}
