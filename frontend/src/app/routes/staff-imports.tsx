import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { Panel } from '@/components/ui/panel';
import { ImportData } from '@/features/staff/components/import-data';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="数据导入"
      back={<Link to="/staff">← 工作台</Link>}
      lead={<p>先检查文件：每一行都会按规则核对，有一行出错就不会写入任何数据。检查全部正确后再导入。</p>}
      testId="staff-imports"
    >
      <Panel>
        <ImportData />
      </Panel>
    </Page>
  );
}
