import { FormPage } from '@/components/ui/form-page';
import { NewPhoneForm } from '@/features/recovery/components/new-phone-form';

export function Component() {
  return (
    <FormPage title="更换手机号" lead={<p>填写新手机号，收到短信校验码后确认。更换后所有设备都会退出登录。</p>}>
      <NewPhoneForm />
    </FormPage>
  );
}
