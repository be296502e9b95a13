import { Badge } from '@/components/ui/badge';

import type { ImageRecord } from '../api/types';
import styles from './images.module.css';

/**
 * Whether a collection record links to an enrollment, whether it was deleted as a duplicate, and
 * whether the school may only view it (captured for another school).
 */
export function ImageBadges({ record }: { record: Pick<ImageRecord, 'linked' | 'deleted_at' | 'editable'> }) {
  return (
    <span className={styles.badges} data-testid="image-badges">
      {record.linked ? (
        <Badge tone="ok" srPrefix="关联状态：">
          已关联学籍
        </Badge>
      ) : (
        <Badge tone="warn" srPrefix="关联状态：">
          未关联
        </Badge>
      )}
      {!record.editable && (
        <Badge tone="neutral" outline testId="read-only">
          其他学校采集，只读
        </Badge>
      )}
      {record.deleted_at && (
        <Badge tone="neutral" outline>
          已删除
        </Badge>
      )}
    </span>
  );
}
