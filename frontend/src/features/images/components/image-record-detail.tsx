import type { ReactNode } from 'react';

import { FormAlert } from '@/components/form/form-alert';
import { RecordLoadError } from '@/components/record-load-error';
import { Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { FactList } from '@/components/ui/fact-list';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { useNotice } from '@/hooks/use-notice';
import { formatLocalDateTime } from '@/lib/datetime';

import { getImageRecord } from '../api/get-image-record';
import type { ImageRecord } from '../api/types';
import { imageRecordPath, IMAGES_PATH } from '../lib/filters';
import { fileSize, LINKED_NOW, STILL_UNLINKED } from '../lib/labels';
import { DeleteImageForm } from './delete-image-form';
import { FixImageForm } from './fix-image-form';
import { ImageBadges } from './image-badges';
import { ImagePhoto } from './image-photo';
import { SCHOOL_IMAGES_MESSAGE } from './image-search';
import styles from './images.module.css';

/** The enrollments a record links to, each revocable (the school feature's, composed by the route). */
export type LinkedEnrollmentsSlot = (ids: readonly string[], backTo: string) => ReactNode;

type Notice = { tone: 'success' | 'warning'; title?: string; text: string; testId: string };

function RecordPanel({ record }: { record: ImageRecord }) {
  return (
    <Panel testId="image-record">
      <div className={styles.recordLayout}>
        <ImagePhoto key={record.id} record={record} size="large" />
        <div className={styles.recordFacts}>
          <header className={styles.recordHeader}>
            <h2 className={styles.recordName} data-testid="image-name">
              {record.name}
            </h2>
            <ImageBadges record={record} />
          </header>
          <FactList
            facts={[
              { label: '学校名称', value: record.school_name, testId: 'fact-school-name' },
              { label: '姓名', value: record.name, testId: 'fact-name' },
              { label: '身份证号', value: <span className={styles.mono}>{record.id_number}</span>, testId: 'fact-id-number' },
              { label: '采集日期', value: record.captured_on },
              { label: '照片', value: `${record.width}×${record.height} 像素，${fileSize(record.size_bytes)}` },
              { label: '文件', value: `${record.file_name}（清单第 ${record.manifest_line} 行）` },
              { label: '上传时间', value: formatLocalDateTime(record.created_at) },
              { label: '最后修改', value: formatLocalDateTime(record.updated_at) },
              ...(record.deleted_at
                ? [
                    { label: '删除时间', value: formatLocalDateTime(record.deleted_at) },
                    { label: '删除原因', value: record.deleted_reason || '（未填写）', wide: true, testId: 'deleted-reason' },
                  ]
                : []),
            ]}
          />
        </div>
      </div>
    </Panel>
  );
}

/**
 * A collection record (图像校对): the photo large, what was captured, the enrollments it links to
 * (each can be revoked as a duplicate), 更正采集信息 (effective at once) and 删除重复照片. A deleted
 * record, and one the school may only view (`editable: false`, captured for another school), is read-only.
 */
export function ImageRecordDetail({ id, linked }: { id: string; linked: LinkedEnrollmentsSlot }) {
  const { result, retry, update } = useApiQuery((signal) => getImageRecord(id, signal), id);
  const { notice, setNotice, noticeRef } = useNotice<Notice>(result.state === 'ok');

  if (result.state === 'loading') return <Loading>正在读取采集记录…</Loading>;
  if (result.state === 'error') {
    return (
      <RecordLoadError
        error={result.error}
        onRetry={retry}
        forbidden={SCHOOL_IMAGES_MESSAGE}
        notFound={{ title: '没有找到这条采集记录', testId: 'image-not-found', scope: '只能查看本校学生的采集照片。', back: { to: IMAGES_PATH, label: '去图像校对查找' } }}
      />
    );
  }
  const record = result.data;
  const here = imageRecordPath(record.id);
  const reload = (text: string) => {
    setNotice({ tone: 'warning', text, testId: 'image-notice' });
    retry();
  };
  const noticeAlert = (place: string) =>
    notice?.testId === place && (
      <FormAlert ref={noticeRef} tone={notice.tone} title={notice.title} testId={notice.testId}>
        <p>{notice.text}</p>
      </FormAlert>
    );

  return (
    <>
      {noticeAlert('image-notice')}
      {record.deleted_at && (
        <FormAlert tone="info" title="这张照片已作为重复照片删除" testId="image-deleted">
          <p>采集记录保留备查，照片文件将被清理；已删除的记录不能再更正。</p>
        </FormAlert>
      )}
      {!record.editable && (
        <FormAlert tone="info" title="这张照片由其他学校采集，本校只能查看" testId="image-read-only">
          <p>
            采集时登记的学校名称是“{record.school_name}”，不是本校，所以不能更正或删除。如果这确实是本校学生的照片，请学生在学籍页点“没照片，找找看？”并选择“这是我”，申请提交后即可在这里更正。
          </p>
        </FormAlert>
      )}
      <RecordPanel record={record} />
      <Panel title="关联学籍" testId="image-links">
        {linked(record.enrollment_ids, here)}
      </Panel>
      {record.editable && !record.deleted_at && (
        <>
          <Panel title="更正采集信息" testId="image-fix">
            <div className={styles.stack}>
              {noticeAlert('fix-outcome')}
              <FixImageForm
                key={record.updated_at}
                record={record}
                onConflict={(error) => reload(error.message)}
                onFixed={(next) => {
                  setNotice(
                    next.linked
                      ? { tone: 'success', title: LINKED_NOW, text: '更正已保存：学校名称、姓名和身份证号与学籍完全一致，学生可以在学籍上看到这张照片。', testId: 'fix-outcome' }
                      : { tone: 'warning', title: STILL_UNLINKED, text: '更正已保存。请再核对这三项与学籍是否一字不差（可以在“在校生”中查看学籍）。', testId: 'fix-outcome' },
                  );
                  update(() => next);
                }}
              />
            </div>
          </Panel>
          <Panel title="删除重复照片" testId="image-delete">
            <DeleteImageForm
              record={record}
              onConflict={(error) => reload(error.message)}
              onDeleted={(next) => {
                setNotice({ tone: 'success', text: '照片已删除，照片文件将被清理。', testId: 'image-notice' });
                update(() => next);
              }}
            />
          </Panel>
        </>
      )}
    </>
  );
}

/** The record page, for school admins; others are told why. */
export function ImageRecordScreen(props: { id: string; linked: LinkedEnrollmentsSlot }) {
  return (
    <StaffRoleGate roles={['school_admin']} message={SCHOOL_IMAGES_MESSAGE}>
      <ImageRecordDetail {...props} />
    </StaffRoleGate>
  );
}
