import { Button } from '@/components/ui/button';
import { useApiQuery } from '@/hooks/use-api-query';
import { useObjectUrl } from '@/hooks/use-object-url';

import { getImagePhoto } from '../api/get-image-photo';
import type { ImageRecord } from '../api/types';
import styles from './images.module.css';

export interface ImagePhotoProps {
  record: Pick<ImageRecord, 'id' | 'name' | 'width' | 'height'>;
  /** `small`: a thumbnail in a table row; `large`: the record's page. */
  size: 'small' | 'large';
}

/**
 * A collected photo. Its bytes need the staff token, so they are fetched (not an `<img src>` to the
 * API) and shown through an object URL. A photo whose file was already cleaned up after deletion
 * (404) says so; another failure offers 重试 on the large one.
 */
export function ImagePhoto({ record, size }: ImagePhotoProps) {
  const { result, retry } = useApiQuery((signal) => getImagePhoto(record.id, signal), record.id);
  const url = useObjectUrl(result.state === 'ok' ? result.data : null);
  const frame = `${styles.photo} ${size === 'large' ? styles.photoLarge : styles.photoSmall}`;

  if (result.state === 'error') {
    const gone = result.error.status === 404;
    return (
      <div className={`${frame} ${styles.photoMissing}`} data-testid="photo-missing">
        <span>{gone ? '照片文件已清理' : '照片载入失败'}</span>
        {!gone && size === 'large' && (
          <Button variant="link" onClick={retry}>
            重试
          </Button>
        )}
      </div>
    );
  }
  if (!url) {
    return (
      <div className={frame} role="status" data-testid="photo-loading">
        <span className="visually-hidden">正在载入照片…</span>
      </div>
    );
  }
  return (
    <img
      className={frame}
      src={url}
      alt={`${record.name}的采集照片`}
      width={record.width}
      height={record.height}
      data-testid={size === 'large' ? 'record-photo' : 'row-photo'}
    />
  );
}
