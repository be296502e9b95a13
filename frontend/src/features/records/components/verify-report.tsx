import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { Loading, LoadError } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';

import { getPublicReport } from '../api/get-public-report';
import { formatDateTime } from '@/lib/format';
import { verifyPath } from '../lib/links';
import { groupReportCode, normalizeReportCode, reportCodeProblem } from '../lib/report-code';
import { RECORD_TYPE_LABELS } from '@/lib/record-vocab';
import { ReportedDegreeFacts, ReportedEnrollmentFacts } from '@/components/records/record-facts';
import styles from './records.module.css';

/** The code input: accepts lower case, spaces and hyphens; checks the form before asking. */
function VerifyForm({ initial, onVerify }: { initial: string; onVerify: (code: string) => void }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = reportCodeProblem(value);
    setError(problem);
    if (problem) {
      (event.currentTarget as HTMLFormElement).querySelector('input')?.focus();
      return;
    }
    setValue(groupReportCode(value));
    onVerify(normalizeReportCode(value));
  }

  return (
    <form className={formStyles.form} noValidate aria-label="输入验证码" onSubmit={submit}>
      <Field
        label="验证码"
        name="code"
        hint="在线验证报告上的 16 位验证码，如 7KQ9 MZ4X H2TB 8WNC；不区分大小写，空格和短横线可有可无。"
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="search"
        className={styles.codeField}
        value={value}
        error={error}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
      />
      <div className={formStyles.actions}>
        <Button type="submit">查询</Button>
      </div>
    </form>
  );
}

const FAILURES: Record<string, { tone: 'error' | 'warning'; title: string; text: string }> = {
  report_not_found: {
    tone: 'error',
    title: '未找到验证报告',
    text: '没有与这个验证码对应的验证报告。请对照报告核对验证码（验证码中没有数字 0、1 和字母 O、I、L）。',
  },
  report_expired: {
    tone: 'warning',
    title: '验证报告已过期',
    text: '这份验证报告已过有效期，不能再查看。请联系报告持有人延长有效期或重新生成。',
  },
  report_revoked: {
    tone: 'warning',
    title: '验证报告已撤销',
    text: '这份验证报告已撤销或失效，不再有效。如仍需核实，请向持有人索取新的验证码。',
  },
};

/** What the public endpoint says about `code`. */
function VerifyResult({ code }: { code: string }) {
  const { result, retry } = useApiQuery((signal) => getPublicReport(code, signal), code);
  if (result.state === 'loading') return <Loading>正在查询验证码 {groupReportCode(code)}…</Loading>;
  if (result.state === 'error') {
    const { error } = result;
    const failure = error.code ? FAILURES[error.code] : undefined;
    if (failure) {
      return (
        <FormAlert tone={failure.tone} title={failure.title} testId="verify-failure">
          <p>验证码：{groupReportCode(code)}</p>
          <p>{failure.text}</p>
        </FormAlert>
      );
    }
    if (error.status === 429) return <ProblemAlert error={error} message="查询过于频繁，请稍后再试。" />;
    return <LoadError error={error} onRetry={retry} />;
  }
  const report = result.data;
  const kind = RECORD_TYPE_LABELS[report.record_type];
  return (
    <div className={styles.result} data-testid="verify-result">
      <FormAlert tone="success" title={`验证通过：${kind}信息如下`}>
        <p>验证码：{groupReportCode(report.code)}</p>
        <p data-testid="report-valid-until">本报告有效期至 {formatDateTime(report.expires_at)}（北京时间）。</p>
      </FormAlert>
      {report.degree && <ReportedDegreeFacts degree={report.degree} />}
      {report.enrollment && <ReportedEnrollmentFacts enrollment={report.enrollment} />}
      <p className={formStyles.muted}>为保护个人信息，验证报告不显示身份证号和出生日期。对信息有疑问，请与本人或其学校核实。</p>
    </div>
  );
}

/** 在线验证 (public): enter a code, see the record it vouches for or why not. */
export function VerifyReport() {
  const { code: param } = useParams();
  const navigate = useNavigate();
  // Each 查询 asks again, even for the code already shown.
  const [attempt, setAttempt] = useState(0);
  const code = param ? normalizeReportCode(param) : null;
  const problem = code !== null ? reportCodeProblem(code) : null;

  return (
    <>
      <Panel>
        <VerifyForm
          key={code ?? ''}
          initial={code ? groupReportCode(code) : ''}
          onVerify={(next) => {
            setAttempt((n) => n + 1);
            if (next !== code) navigate(verifyPath(next));
          }}
        />
      </Panel>
      {code !== null && (
        <Panel title="验证结果" testId="verify-panel">
          {problem ? (
            <FormAlert tone="error" title="验证码格式不对" testId="verify-failure">
              <p>{problem}</p>
            </FormAlert>
          ) : (
            <VerifyResult key={`${code}:${attempt}`} code={code} />
          )}
        </Panel>
      )}
    </>
  );
}
