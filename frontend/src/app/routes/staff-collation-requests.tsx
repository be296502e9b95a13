import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { CollationQueue } from '@/features/images/components/collation-queue';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="照片校对申请"
      back={<Link to="/staff">← 工作台</Link>}
      lead={
        <p>
          本校学生在学籍上校对照片后提交的反馈：认出了自己的照片、找不到自己的照片，或学籍上的照片不是本人。先在“图像校对”中处理（更正采集信息、删除重复照片），再在这里标记处理完成；不予处理的写明原因后驳回，学生会看到说明。
        </p>
      }
      testId="staff-collation-requests"
    >
      <CollationQueue />
    </Page>
  );
}
