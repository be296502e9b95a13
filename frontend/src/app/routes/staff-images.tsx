import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { ImageSearch } from '@/features/images/components/image-search';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="图像校对"
      back={<Link to="/staff">← 工作台</Link>}
      lead={
        <p>
          查找本校学生的采集照片：照片的学校名称、姓名和身份证号与学籍完全一致时才会关联到学籍。打开一张照片可以更正采集时录错的信息、删除重复照片，或注销重复学籍。
        </p>
      }
      testId="staff-images"
    >
      <ImageSearch />
    </Page>
  );
}
