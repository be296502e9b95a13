import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { PhoneForm } from '@/features/registration/components/phone-form';
import { RegistrationGate } from '@/features/registration/components/registration-gate';

export function Component() {
  return (
    <FormPage
      title="手机确认"
      progress={<RegistrationSteps current={4} />}
      lead={<p>填写您本人的手机号，点“发送”获取短信校验码，输入后点“确认”。</p>}
      testId="register-phone"
    >
      <RegistrationGate>{(gate) => <PhoneForm gate={gate} />}</RegistrationGate>
    </FormPage>
  );
}
