import { Fragment, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';

import { importCsv, type ImportKind, type ImportReport } from '../api/import-csv';
import { useStaff } from '@/lib/staff/staff-session';
import styles from './staff.module.css';

export const IMPORT_KINDS: { kind: ImportKind; label: string; about: string; columns: string }[] = [
  { kind: 'schools', label: '学校', about: '院校代码、名称和所在省份（身份证号开头的两位数字）。', columns: 'code,name,province_code' },
  {
    kind: 'enrollments',
    label: '学籍',
    about: '学生的学籍记录；院校须已导入，性别和出生日期须与身份证号一致。',
    columns:
      'school_code,student_no,name,id_number,sex,birth_date,ethnicity,major,level,study_form,entry_date,expected_graduation,status,qualification_pending',
  },
  {
    kind: 'degrees',
    label: '学历',
    about: '毕业证书记录；院校须已导入。',
    columns: 'certificate_no,school_code,name,id_number,major,level,study_form,graduation_date',
  },
];

export const FORBIDDEN_MESSAGE = '只有平台管理员可以导入数据。';

type Phase =
  | { step: 'idle' }
  | { step: 'checking' | 'importing' }
  | { step: 'checked' | 'imported'; report: ImportReport }
  | { step: 'failed'; error: UiError };

function problemMessage(error: UiError): string {
  if (error.status === 403) return FORBIDDEN_MESSAGE;
  if (error.status === 413) return '文件太大，服务器不接受。请把它拆成几个较小的文件，分别检查和导入。';
  if (error.status === 415) return '服务器只接受 CSV 文件（text/csv）。请选择 .csv 文件。';
  return error.message;
}

function kilobytes(bytes: number) {
  return bytes < 1024 ? `${bytes} 字节` : `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`;
}

function ErrorTable({ report }: { report: ImportReport }) {
  return (
    <>
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="import-errors">
          <caption>错误列表（共 {report.errors.length} 处）</caption>
          <thead>
            <tr>
              <th scope="col">行号</th>
              <th scope="col">列</th>
              <th scope="col">原因</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((error, i) => (
              <tr key={i}>
                <td>{error.line}</td>
                <td>
                  <code>{error.field}</code>
                </td>
                <td>{error.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.errors_truncated && (
        <p className={formStyles.muted} data-testid="errors-truncated">
          错误太多，这里只列出了前 {report.errors.length} 处；改正后再检查，会列出其余的错误。
        </p>
      )}
    </>
  );
}

/** 数据导入 (platform admins): choose the kind and a CSV file, 检查 (dry run), then 导入. */
export function ImportData() {
  const staff = useStaff();
  const [kind, setKind] = useState<ImportKind>('schools');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const groupId = useId();

  if (staff && staff.role !== 'platform_admin') {
    return (
      <FormAlert tone="warning" testId="import-forbidden">
        <p>{FORBIDDEN_MESSAGE}</p>
        <p>
          <Link to="/staff">返回工作台</Link>
        </p>
      </FormAlert>
    );
  }

  const busy = phase.step === 'checking' || phase.step === 'importing';
  const kindLabel = IMPORT_KINDS.find((item) => item.kind === kind)?.label ?? '';

  async function send(dryRun: boolean) {
    if (busy) return;
    if (!file) {
      setFileError('请选择要导入的 CSV 文件。');
      fileInput.current?.focus();
      return;
    }
    setPhase({ step: dryRun ? 'checking' : 'importing' });
    const outcome = await importCsv(kind, file, dryRun);
    setPhase(
      outcome.ok ? { step: outcome.data.dry_run ? 'checked' : 'imported', report: outcome.data } : { step: 'failed', error: outcome.error },
    );
    queueMicrotask(() => resultRef.current?.focus());
  }

  function chooseKind(next: ImportKind) {
    setKind(next);
    setPhase({ step: 'idle' });
  }

  function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    setFile(event.target.files?.[0] ?? null);
    setFileError(undefined);
    setPhase({ step: 'idle' });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(true);
  }

  return (
    <div className={formStyles.form}>
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="检查导入文件">
        <fieldset className={styles.kinds} aria-describedby={`${groupId}-note`}>
          <legend>数据类型</legend>
          {IMPORT_KINDS.map((item) => (
            <div key={item.kind} className={styles.kind}>
              <input
                type="radio"
                id={`${groupId}-${item.kind}`}
                name="kind"
                value={item.kind}
                checked={kind === item.kind}
                onChange={() => chooseKind(item.kind)}
                aria-describedby={`${groupId}-${item.kind}-about`}
                disabled={busy}
              />
              <label htmlFor={`${groupId}-${item.kind}`}>{item.label}</label>
              <p id={`${groupId}-${item.kind}-about`}>
                {item.about} 列：
                <code className={styles.columns}>
                  {item.columns.split(',').map((column, i) => (
                    <Fragment key={column}>
                      {i > 0 && (
                        <>
                          ,<wbr />
                        </>
                      )}
                      {column}
                    </Fragment>
                  ))}
                </code>
              </p>
            </div>
          ))}
          <p id={`${groupId}-note`} className={formStyles.muted}>
            UTF-8 编码的 CSV 文件，第一行（第 1 行）是列名，列的顺序不限；日期写作 YYYY-MM-DD。已有的记录按编号更新，不会重复。
          </p>
        </fieldset>
        <Field
          ref={fileInput}
          label="CSV 文件"
          name="file"
          type="file"
          accept=".csv,text/csv"
          onChange={chooseFile}
          error={fileError}
          disabled={busy}
          hint={file ? `已选择 ${file.name}（${kilobytes(file.size)}）` : undefined}
        />
        <div className={formStyles.actions}>
          <Button type="submit" busy={phase.step === 'checking'}>
            {phase.step === 'checking' ? '正在检查…' : '检查'}
          </Button>
        </div>
      </form>

      {busy && (
        <p role="status" className={formStyles.muted} data-testid="import-busy">
          {phase.step === 'checking' ? `正在上传并检查 ${file?.name ?? ''}，文件较大时需要一些时间…` : `正在导入${kindLabel}数据，请不要关闭页面…`}
        </p>
      )}

      <div ref={resultRef} tabIndex={-1} className={styles.result} data-testid="import-result" aria-label="结果">
        {phase.step === 'failed' && <ProblemAlert error={phase.error} message={problemMessage(phase.error)} />}
        {(phase.step === 'checked' || phase.step === 'imported') && (
          <>
            <p data-testid="import-rows">共 {phase.report.rows} 行</p>
            {phase.report.errors.length > 0 ? (
              <>
                <FormAlert tone="error" testId="import-has-errors">
                  <p>有错误的文件不会导入任何数据，请修改后重新检查。</p>
                </FormAlert>
                <ErrorTable report={phase.report} />
              </>
            ) : phase.step === 'checked' ? (
              <>
                <FormAlert tone="success" testId="import-ok">
                  <p>全部正确，可以导入。</p>
                </FormAlert>
                <div className={formStyles.actions}>
                  <Button onClick={() => void send(false)}>导入</Button>
                </div>
              </>
            ) : (
              <FormAlert tone="success" testId="import-done">
                <p>
                  已导入 {phase.report.imported} 行{kindLabel}数据。
                </p>
              </FormAlert>
            )}
          </>
        )}
      </div>
    </div>
  );
}
