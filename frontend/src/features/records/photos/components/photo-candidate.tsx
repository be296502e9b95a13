import { Button } from '@/components/ui/button';
import { FactList, type Fact } from '@/components/ui/fact-list';
import { formatDate } from '@/lib/format';

import { getCandidateThumbnail } from '../api/get-candidate-thumbnail';
import type { PhotoCandidate } from '../api/types';
import { differsText } from '../lib/vocab';
import { AuthorizedImage } from './authorized-image';
import styles from './photos.module.css';

/** A captured value; one that differs from the record (masked by the server) is marked. */
function captured(candidate: PhotoCandidate, field: 'school_name' | 'name' | 'id_number', mono = false) {
  const differs = candidate.differs.includes(field);
  return (
    <span className={[mono && styles.mono, differs && styles.differs].filter(Boolean).join(' ') || undefined} data-differs={differs || undefined}>
      {candidate[field]}
      {differs && <span className="visually-hidden">（与你的学籍不同）</span>}
    </span>
  );
}

export interface PhotoCandidateItemProps {
  candidate: PhotoCandidate;
  /** 这是我 was pressed: files `this_is_me`. */
  onThisIsMe: () => void;
  sending: boolean;
  filed: boolean;
  /** A report was filed from the dialog: no other can be. */
  closed: boolean;
}

/**
 * One photo that is probably the student's: its thumbnail, what was captured with it (the fields
 * that differ from the record come masked, as the server sends them, and are marked), which ones
 * differ, and 这是我.
 */
export function PhotoCandidateItem({ candidate, onThisIsMe, sending, filed, closed }: PhotoCandidateItemProps) {
  const day = formatDate(candidate.captured_on);
  const facts: Fact[] = [
    { label: '采集日期', value: day, testId: 'candidate-captured-on' },
    { label: '学校', value: captured(candidate, 'school_name'), testId: 'candidate-school' },
    { label: '姓名', value: captured(candidate, 'name'), testId: 'candidate-name' },
    { label: '身份证号', value: captured(candidate, 'id_number', true), testId: 'candidate-id-number' },
  ];
  const differs = differsText(candidate.differs);
  return (
    <li className={styles.candidate} data-testid="photo-candidate">
      <div className={styles.thumbnail}>
        <AuthorizedImage
          load={(signal) => getCandidateThumbnail(candidate.id, signal)}
          loadKey={candidate.id}
          alt={`${day}采集的照片`}
          testId="candidate-thumbnail"
        />
      </div>
      <div className={styles.candidateText}>
        <FactList facts={facts} />
        {differs && (
          <p className={styles.differsNote} data-testid="candidate-differs">
            {differs}
          </p>
        )}
        <Button onClick={onThisIsMe} busy={sending} unavailable={closed}>
          {filed ? '已提交' : sending ? '正在提交…' : '这是我'}
          <span className="visually-hidden">（{day}采集的照片）</span>
        </Button>
      </div>
    </li>
  );
}
