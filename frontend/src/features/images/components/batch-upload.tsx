import { Fragment, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';
import { StaffForbidden, StaffRoleGate, staffErrorMessage } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { formatLocalDateTime } from '@/lib/datetime';
import { parsePage } from '@/lib/page-param';

import { BATCHES_PER_PAGE, listImageBatches } from '../api/list-image-batches';
import type { Batch, BatchReport } from '../api/types';
import { uploadImageBatch } from '../api/upload-image-batch';
import { fileSize } from '../lib/labels';
import styles from './images.module.css';
import { RejectedLines } from './rejected-lines';

/** Who may upload photos, and what everyone else is told. */
export const OPERATOR_ONLY_MESSAGE = '照片批量上传只供图像采集人员使用。';

const BATCHES_PATH = '/staff/image-batches';
const batchesPath = (page: number) => (page > 1 ? `${BATCHES_PATH}?page=${page}` : BATCHES_PATH);

type Phase = { step: 'idle' | 'uploading' } | { step: 'done'; report: BatchReport } | { step: 'failed'; error: UiError };

function failureMessage(error: UiError): string {
  if (error.status === 413) return '压缩包太大，服务器不接受。请把照片分成几批，分别上传。';
  if (error.status === 415) return '服务器只接受 ZIP 压缩包（application/zip）。请选择 .zip 文件。';
  return staffErrorMessage(error, OPERATOR_ONLY_MESSAGE);
}

/** The ZIP format, in two lines. */
function FormatNote() {
  return (
    <div className={styles.formatNote}>
      <p>
        压缩包根目录放 <code>manifest.csv</code>（UTF-8，第一行是列名）：
        <code className={styles.columns}>
          file,<wbr />
          school_name,<wbr />
          name,<wbr />
          id_number,<wbr />
          captured_on
        </code>
        ，每行一张照片，采集日期写作 YYYY-MM-DD。
      </p>
      <p>照片为 JPEG 或 PNG，480×640 像素，每张不超过 2 MB；与已上传的照片完全相同的文件作为重复照片拒收。</p>
    </div>
  );
}

function UploadResult({ report }: { report: BatchReport }) {
  const failed = report.rejected.length;
  return (
    <>
      <FormAlert tone={failed > 0 ? 'warning' : 'success'} testId="batch-result">
        <p data-testid="batch-summary">
          共 {report.lines} 行，成功 {report.accepted} 张，失败 {failed} 行。
        </p>
        <p>{failed > 0 ? '失败的行没有保存，原因见下表；改正后可以把这些照片另打一个压缩包上传。' : '全部照片已保存，学校可以在“图像校对”中看到它们。'}</p>
      </FormAlert>
      <RejectedLines report={report} />
    </>
  );
}

/** 上传: choose the ZIP, send it as it is, then the per-line result (or the whole-batch refusal). */
function BatchUpload({ onUploaded }: { onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const uploading = phase.step === 'uploading';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (uploading) return;
    if (!file) {
      setFileError('请选择要上传的 ZIP 压缩包。');
      fileInput.current?.focus();
      return;
    }
    setPhase({ step: 'uploading' });
    const outcome = await uploadImageBatch(file);
    setPhase(outcome.ok ? { step: 'done', report: outcome.data } : { step: 'failed', error: outcome.error });
    if (outcome.ok) onUploaded();
    queueMicrotask(() => resultRef.current?.focus());
  }

  function choose(event: ChangeEvent<HTMLInputElement>) {
    setFile(event.target.files?.[0] ?? null);
    setFileError(undefined);
    setPhase({ step: 'idle' });
  }

  return (
    <div className={formStyles.form}>
      <form className={formStyles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="上传照片压缩包">
        <FormatNote />
        <Field
          ref={fileInput}
          label="ZIP 压缩包"
          name="file"
          type="file"
          accept=".zip,application/zip"
          onChange={choose}
          error={fileError}
          disabled={uploading}
          hint={file ? `已选择 ${file.name}（${fileSize(file.size)}）` : '一个压缩包是一批照片，可以包含多所学校的学生。'}
        />
        <div className={formStyles.actions}>
          <Button type="submit" busy={uploading}>
            {uploading ? '正在上传…' : '上传'}
          </Button>
        </div>
      </form>

      {uploading && (
        <div role="status" className={styles.progress} data-testid="batch-busy">
          <progress aria-label="上传进度" />
          <p className={formStyles.muted}>正在上传 {file?.name}，服务器会逐张检查照片，照片较多时需要一些时间，请不要关闭页面…</p>
        </div>
      )}

      <div ref={resultRef} tabIndex={-1} className={styles.result} aria-label="上传结果" data-testid="batch-upload-result">
        {phase.step === 'failed' &&
          (phase.error.status === 422 ? (
            <FormAlert tone="error" title="整批未接收，没有保存任何照片" testId="batch-refused">
              <p>{phase.error.message}</p>
              <p>请按上面的格式重新打包后再上传。</p>
            </FormAlert>
          ) : (
            <ProblemAlert error={phase.error} message={failureMessage(phase.error)} />
          ))}
        {phase.step === 'done' && <UploadResult report={phase.report} />}
      </div>
    </div>
  );
}

function BatchRows({ batch, open, onToggle }: { batch: Batch; open: boolean; onToggle: () => void }) {
  const detailsId = useId();
  const when = formatLocalDateTime(batch.created_at);
  return (
    <>
      <tr data-testid="batch-row">
        <td data-label="时间" className={tableStyles.nowrap}>
          <time dateTime={batch.created_at}>{when}</time>
        </td>
        <td data-label="成功">{batch.accepted}</td>
        <td data-label="失败">{batch.rejected}</td>
        <td className={tableStyles.actions}>
          <Button variant="link" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={onToggle}>
            {open ? '收起报告' : '查看报告'}
            <span className="visually-hidden">：{when} 的批次</span>
          </Button>
        </td>
      </tr>
      {open && (
        <tr className={tableStyles.detail}>
          <td colSpan={4}>
            <div id={detailsId} data-testid="batch-report">
              <RejectedLines report={batch.report} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** 已上传的批次: the operator's batches, newest first, each with its report to expand. */
function BatchHistory({ page }: { page: number }) {
  const { result, retry } = useApiQuery((signal) => listImageBatches(page, signal), String(page));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  if (result.state === 'loading') return <Loading>正在读取已上传的批次…</Loading>;
  if (result.state === 'error') {
    if (result.error.status === 403) return <StaffForbidden message={OPERATOR_ONLY_MESSAGE} />;
    return <LoadError error={result.error} onRetry={retry} />;
  }
  const { items, total, per_page: perPage } = result.data;
  if (items.length === 0) {
    return (
      <FormAlert tone="info" testId="no-batches">
        <p>{page > 1 ? '这一页没有批次。' : '还没有上传过照片。'}</p>
        {page > 1 && (
          <p>
            <Link to={batchesPath(1)}>回到第 1 页</Link>
          </p>
        )}
      </FormAlert>
    );
  }
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <>
      <Pagination page={page} perPage={perPage || BATCHES_PER_PAGE} total={total} unit="个批次" hrefFor={batchesPath} />
      <DataTable testId="batches" caption="已上传的批次，最新的在前" columns={['时间', '成功', '失败', { hidden: '报告' }]}>
        {items.map((batch) => (
          <Fragment key={batch.id}>
            <BatchRows batch={batch} open={open.has(batch.id)} onToggle={() => toggle(batch.id)} />
          </Fragment>
        ))}
      </DataTable>
    </>
  );
}

/**
 * 照片批量上传 (image operators): a ZIP of photos with its manifest, sent as it is; the result
 * line by line; below, the earlier batches (the page in the URL) with their reports.
 */
export function ImageBatches() {
  const [params] = useSearchParams();
  const page = parsePage(params.get('page'));
  const [uploads, setUploads] = useState(0);
  return (
    <StaffRoleGate roles={['image_operator']} message={OPERATOR_ONLY_MESSAGE}>
      <Panel title="上传一批照片" testId="batch-upload">
        <BatchUpload onUploaded={() => setUploads((n) => n + 1)} />
      </Panel>
      <Panel title="已上传的批次" testId="batch-history">
        <div className={styles.stack}>
          <BatchHistory key={uploads} page={page} />
        </div>
      </Panel>
    </StaffRoleGate>
  );
}
