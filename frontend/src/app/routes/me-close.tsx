import { Link } from 'react-router';

import { FormPage } from '@/components/ui/form-page';
import { CloseAccountForm } from '@/features/accounts/components/close-account-form';
import { ClosingExplained } from '@/features/accounts/components/closing-explained';

export function Component() {
  return (
    <FormPage
      title="注销账号"
      lead={<ClosingExplained />}
      aside={
        <p>
          不想注销了？<Link to="/me">返回个人中心</Link>
        </p>
      }
      testId="me-close"
    >
      <CloseAccountForm />
    </FormPage>
  );
}
