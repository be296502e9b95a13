import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { IdentityForm } from '@/features/registration/components/identity-form';
import { RegistrationGate } from '@/features/registration/components/registration-gate';

export function Component() {
  return (
    <FormPage
      title="实名注册"
      progress={<RegistrationSteps current={3} />}
      lead={<p>填写本人的真实姓名和身份证号，用来查找您的学籍和学历记录。</p>}
      testId="register-identity"
    >
      <RegistrationGate>{(gate) => <IdentityForm gate={gate} />}</RegistrationGate>
    </FormPage>
  );
}
