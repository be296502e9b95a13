import { useState } from 'react';

import { Tabs } from '@/components/ui/tabs';

import { LostEmailForm } from './lost-email-form';
import { LostPhoneForm } from './lost-phone-form';

type Lost = 'email' | 'phone' | 'both';

const TABS: { value: Lost; label: string }[] = [
  { value: 'email', label: '邮箱不能用了' },
  { value: 'phone', label: '手机号不能用了' },
  { value: 'both', label: '都不能用了' },
];

/** 找回账号: pick what was lost, then follow its plain steps. */
export function RecoverAccount() {
  const [lost, setLost] = useState<Lost>('email');
  return (
    <Tabs label="哪一个不能用了" tabs={TABS} value={lost} onChange={setLost} testId="recover-tabs">
      {lost === 'email' && (
        <>
          <p>用姓名、身份证号和账号里确认过的手机号证明是您本人，再设一个新的登录邮箱。</p>
          <LostEmailForm />
        </>
      )}
      {lost === 'phone' && (
        <>
          <p>用登录邮箱和密码证明是您本人，我们会发一封邮件，通过其中的链接换一个新手机号。</p>
          <LostPhoneForm />
        </>
      )}
      {lost === 'both' && (
        <div data-testid="recover-both">
          <p>邮箱和手机号都不能用时，请联系学信网客服。客服会核对您的身份证件（例如到现场出示身份证，或视频通话出示身份证），然后帮您设置新的登录邮箱。</p>
          <p>客服不会向您索要密码或短信校验码。</p>
        </div>
      )}
    </Tabs>
  );
}
