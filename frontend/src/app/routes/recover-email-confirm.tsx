import { FormPage } from '@/components/ui/form-page';
import { ConfirmNewEmail } from '@/features/recovery/components/confirm-new-email';

export function Component() {
  return (
    <FormPage title="确认新的登录邮箱" lead={<p>确认后，这个邮箱就是新的登录邮箱，所有设备都会退出登录。</p>}>
      <ConfirmNewEmail />
    </FormPage>
  );
}
