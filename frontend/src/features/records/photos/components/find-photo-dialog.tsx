import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Loading, LoadError } from '@/components/ui/load-states';
import { useApiQuery } from '@/hooks/use-api-query';

import { listPhotoCandidates } from '../api/list-photo-candidates';
import type { PhotoRecord } from './enrollment-photo';
import { PhotoCandidateItem } from './photo-candidate';
import styles from './photos.module.css';
import { useFileReport } from './use-file-report';

const NONE = 'none_of_these';

/**
 * "没照片，找找看？": the collected photos that link to no record but are probably the student's.
 * 这是我 files `this_is_me` for one of them (with the card's record), 都不是我 — or 告诉学校 when
 * there are none — files `none_of_these`. Once filed, the dialog says the school will check it
 * in its 图像校对 module and every button stays unavailable.
 */
export function FindPhotoDialog({ record, onClose }: { record: PhotoRecord; onClose: () => void }) {
  const { result, retry } = useApiQuery(listPhotoCandidates);
  const report = useFileReport();
  const closed = report.filed !== null;
  const noneOfThese = () => void report.file(NONE, { kind: 'none_of_these', enrollment_id: record.id });
  const noneLabel = (label: string) => (report.filed === NONE ? '已提交' : report.sending === NONE ? '正在提交…' : label);

  let body;
  if (result.state === 'loading') body = <Loading>正在查找照片…</Loading>;
  else if (result.state === 'error') body = <LoadError error={result.error} onRetry={retry} />;
  else if (result.data.items.length === 0) {
    body = (
      <>
        <FormAlert tone="info" title="没有找到可能属于你的照片" testId="no-candidates">
          <p>请与学校或图像采集部门联系。也可以直接告诉学校你的学籍还没有照片，学校会在“图像校对”模块中核查。</p>
        </FormAlert>
        <div className={formStyles.actions}>
          <Button variant="secondary" onClick={noneOfThese} busy={report.sending === NONE} unavailable={closed}>
            {noneLabel('告诉学校')}
          </Button>
        </div>
      </>
    );
  } else {
    body = (
      <>
        <p className={formStyles.muted}>
          这些照片已采集，但与你的学籍信息不完全一致，所以没有关联上。与你学籍不同的信息只显示一部分。认出自己就点“这是我”，学校核对后会更正。
        </p>
        <ul className={styles.candidates} data-testid="photo-candidates">
          {result.data.items.map((candidate) => (
            <PhotoCandidateItem
              key={candidate.id}
              candidate={candidate}
              onThisIsMe={() => void report.file(candidate.id, { kind: 'this_is_me', image_record_id: candidate.id, enrollment_id: record.id })}
              sending={report.sending === candidate.id}
              filed={report.filed === candidate.id}
              closed={closed}
            />
          ))}
        </ul>
        <div className={styles.noneOfThese}>
          <p>如果以上照片都不是你，请告诉学校。</p>
          <Button variant="secondary" onClick={noneOfThese} busy={report.sending === NONE} unavailable={closed}>
            {noneLabel('都不是我')}
          </Button>
        </div>
      </>
    );
  }

  return (
    <Dialog
      title="找找看：可能是你的照片"
      wide
      onClose={onClose}
      testId="find-photo-dialog"
      actions={
        <Button variant="secondary" onClick={onClose}>
          关闭
        </Button>
      }
    >
      <div className={formStyles.form}>
        <p>
          为{record.school_name}的学籍查找：身份证号与你相同，或在你的学校采集、姓名与你相同的照片。
        </p>
        {report.notice}
        {body}
      </div>
    </Dialog>
  );
}
