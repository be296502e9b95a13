import { useId, useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';

import { getMyPhoto } from '../api/get-my-photo';
import { AuthorizedImage } from './authorized-image';
import { openRequestFor, useCollationRequests } from './collation-requests';
import { FindPhotoDialog } from './find-photo-dialog';
import styles from './photos.module.css';
import { WrongPhotoDialog } from './wrong-photo-dialog';

/** What the photo slot needs of a 学籍 record. */
export interface PhotoRecord {
  id: string;
  school_name: string;
  name: string;
  has_photo: boolean;
}

/**
 * The photo slot of a 学籍 card (校对: the student proofreads the photo). With a photo: the photo,
 * then 正确 (acknowledged here, nothing is sent) and 有误 (a report to the school). Without one:
 * 暂无照片 and "没照片，找找看？". While a report about the record is open, it says so.
 */
export function EnrollmentPhoto({ record }: { record: PhotoRecord }) {
  const headingId = useId();
  const questionId = useId();
  const [dialog, setDialog] = useState<'wrong' | 'find' | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const confirmedRef = useRef<HTMLParagraphElement>(null);
  useFocusOnShow(confirmedRef, confirmed);
  const { result } = useCollationRequests();
  const open = openRequestFor(result, record.id);

  return (
    <section className={styles.photo} aria-labelledby={headingId} data-testid="enrollment-photo" data-has-photo={record.has_photo}>
      <h3 id={headingId} className="visually-hidden">
        学籍照片
      </h3>
      <div className={styles.frame}>
        {record.has_photo ? (
          <AuthorizedImage
            load={(signal) => getMyPhoto(record.id, signal)}
            loadKey={record.id}
            alt={`${record.name}的学籍照片`}
            testId="enrollment-photo-image"
          />
        ) : (
          <span className={styles.imageState} data-testid="no-photo">
            暂无照片
          </span>
        )}
      </div>
      <div className={styles.photoActions}>
        {!record.has_photo ? (
          <Button variant="secondary" onClick={() => setDialog('find')}>
            没照片，找找看？
          </Button>
        ) : confirmed ? (
          <p ref={confirmedRef} tabIndex={-1} role="status" className={styles.confirmed} data-testid="photo-confirmed">
            <span aria-hidden="true">✓ </span>已确认照片无误
          </p>
        ) : (
          <>
            <p id={questionId} className={styles.question}>
              照片是你本人吗？
            </p>
            <div role="group" aria-labelledby={questionId} className={styles.photoButtons}>
              <Button variant="secondary" onClick={() => setConfirmed(true)}>
                正确
              </Button>
              <Button variant="secondary" onClick={() => setDialog('wrong')}>
                有误
              </Button>
            </div>
          </>
        )}
        {open && (
          <p className={styles.openNote} data-testid="photo-report-open">
            你的照片校对申请处理中，学校会在“图像校对”模块中核查。
          </p>
        )}
      </div>
      {dialog === 'wrong' && <WrongPhotoDialog record={record} onClose={() => setDialog(null)} />}
      {dialog === 'find' && <FindPhotoDialog record={record} onClose={() => setDialog(null)} />}
    </section>
  );
}
