import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { ImageBatches } from '@/features/images/components/batch-upload';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="照片批量上传"
      back={<Link to="/staff">← 工作台</Link>}
      lead={<p>把一批采集照片和它的清单 manifest.csv 打成一个 ZIP 压缩包上传。每张照片都会检查，合格的保存，不合格的逐行列出原因；学校名称、姓名和身份证号与学籍一致的照片自动关联到学籍。</p>}
      testId="staff-image-batches"
    >
      <ImageBatches />
    </Page>
  );
}
