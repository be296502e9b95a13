import { useState } from 'react';

import type { UiError } from '@/api/problem';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useFormFields } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { deleteImageRecord } from '../api/delete-image-record';
import type { ImageRecord } from '../api/types';

export interface DeleteImageFormProps {
  record: ImageRecord;
  /** The record, now marked deleted. */
  onDeleted: (record: ImageRecord) => void;
  /** 409: deleted meanwhile, or 403: no longer the school's to delete: load it again. */
  onConflict: (error: UiError) => void;
}

/**
 * 删除重复照片: the reason, then a confirmation. The record stays (marked deleted, audited); the
 * photo file is cleaned up afterwards.
 */
export function DeleteImageForm({ record, onDeleted, onConflict }: DeleteImageFormProps) {
  const [confirming, setConfirming] = useState(false);
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value)?.message });
  const { busy, error, alertRef, run, onAsk } = useSubmit(form, { alert: 'always' });
  const submit = onAsk(() => setConfirming(true));
  const send = () =>
    run({
      validate: () => true,
      send: () => deleteImageRecord(record.id, form.values.reason.trim()).finally(() => setConfirming(false)),
      onOk: onDeleted,
      onError: handOver([409, 403], onConflict),
    });

  return (
    <div className={formStyles.form}>
      {error && <ProblemAlert ref={alertRef} error={error.problem} />}
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="删除重复照片">
        <p className={formStyles.muted}>
          同一学生有两张以上采集照片时，确认多出来的一张是重复照片后删除它。采集记录会保留（标为已删除），照片文件将被清理。
        </p>
        <TextareaField
          label="删除原因"
          hint={`例如：同一学生的重复照片，保留 2026-06-01 采集的一张（必填，最多 ${REASON_MAX_CHARS} 字）。`}
          {...form.field('reason')}
        />
        <div className={formStyles.actions}>
          <Button type="submit" variant="danger">
            删除照片
          </Button>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog
          title="确认这是重复照片？"
          confirmLabel="确认删除"
          cancelLabel="取消"
          busy={busy}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
          testId="delete-image-dialog"
        >
          <p>
            删除后照片文件将被清理，不能恢复。{record.name}（{record.file_name}，{record.captured_on} 采集）的采集记录会保留并标为已删除。
          </p>
          <p>删除原因会记入审计日志。</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
