import { useId, useRef, type FormEvent } from 'react';

import formStyles from '@/components/form/form.module.css';
import { TextareaField } from '@/components/form/textarea-field';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useFormFields } from '@/hooks/use-form-fields';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import type { PhotoRecord } from './enrollment-photo';
import { useFileReport } from './use-file-report';

/**
 * 有误: the photo on the record is not the student. An optional note for the school, then
 * `wrong_photo` is filed; the dialog says the school will check it (图像校对).
 */
export function WrongPhotoDialog({ record, onClose }: { record: PhotoRecord; onClose: () => void }) {
  const formId = useId();
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const form = useFormFields({ message: '' }, { message: (value) => validateReason(value, { required: false })?.message });
  const report = useFileReport();
  const message = form.field('message');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.validate()) return;
    const note = form.values.message.trim();
    void report.file('wrong_photo', { kind: 'wrong_photo', enrollment_id: record.id, ...(note && { message: note }) }, form.showServerErrors);
  }

  return (
    <Dialog
      title="照片不是你本人？"
      onClose={onClose}
      initialFocus={textareaRef}
      testId="wrong-photo-dialog"
      actions={
        <>
          <Button type="submit" form={formId} busy={report.sending !== null} unavailable={report.filed !== null}>
            {report.filed ? '已提交' : report.sending ? '正在提交…' : '告诉学校'}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {report.filed ? '关闭' : '取消'}
          </Button>
        </>
      }
    >
      <div className={formStyles.form}>
        {report.notice}
        <p>
          我们会告诉{record.school_name}：这条学籍上的照片不是你本人。学校会在“图像校对”模块中核查，找到你的照片后更正。
        </p>
        <form id={formId} className={formStyles.form} noValidate onSubmit={submit} aria-label="照片有误">
          <TextareaField
            label="补充说明（选填）"
            hint={`写给学校看，最多 ${REASON_MAX_CHARS} 字，例如：照片上是别人；采集那天我请假了。`}
            readOnly={report.filed !== null}
            {...message}
            ref={(element) => {
              message.ref(element);
              textareaRef.current = element;
            }}
          />
        </form>
      </div>
    </Dialog>
  );
}
