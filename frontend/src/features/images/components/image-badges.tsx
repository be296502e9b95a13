import { Badge } from '@/components/ui/badge';

import type { ImageRecord } from '../api/types';
import styles from './images.module.css';

/** Whether a collection record links to an enrollment, and whether it was deleted as a duplicate. */
export function ImageBadges({ record }: { record: Pick<ImageRecord, 'linked' | 'deleted_at'> }) {
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
      {record.deleted_at && (
        <Badge tone="neutral" outline>
          已删除
        </Badge>
      )}
    </span>
  );
}
