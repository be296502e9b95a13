import { Page } from '@/components/ui/page';
import { Panel } from '@/components/ui/panel';
import { AccountOverview } from '@/features/accounts/components/account-overview';
import { RecordsHub } from '@/features/records/components/records-hub';

export function Component() {
  return (
    <Page title="个人中心" testId="me">
      <Panel title="我的服务">
        <RecordsHub />
      </Panel>
      <Panel title="账号信息">
        <AccountOverview />
      </Panel>
    </Page>
  );
}
