import { Link } from 'react-router';

import { MePage } from '@/app/layout/page-parts';
import { MyData } from '@/features/privacy/components/my-data';

export function Component() {
  return (
    <MePage
      title="我的数据"
      lead={
        <p>
          下载学信网保存的关于你的全部信息，查看谁看过你的信息。了解我们如何使用这些信息，请看
          <Link to="/privacy">《个人信息保护说明》</Link>。
        </p>
      }
      testId="my-data-page"
    >
      <MyData />
    </MePage>
  );
}
