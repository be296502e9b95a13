import { useEffect, useRef, useState, type FormEvent } from 'react';

import type { UiError } from '@/api/client';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { useFormFields } from '@/hooks/use-form-fields';
import { normalizeName } from '@/lib/rules';

import { checkDegree } from '../api/check-degree';
import type { DegreeCheckResult } from '@/api/record-types';
import { PublicDegreeFacts } from '@/components/records/record-facts';
import styles from './records.module.css';

type CheckState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; data: DegreeCheckResult; certificateNo: string; name: string }
  | { state: 'error'; error: UiError };

/** Certificate numbers are read off paper: spaces typed in between do not count. */
const compactCertificateNo = (raw: string) => raw.normalize('NFKC').replace(/\s+/g, '');

/** 学历查询 (public): certificate number + name → valid with the degree's facts, or not found. */
export function DegreeCheck() {
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);
  const controller = useRef<AbortController | null>(null);
  const form = useFormFields(
    { certificate_no: '', name: '' },
    {
      certificate_no: (value) => (compactCertificateNo(value) === '' ? '请填写证书编号。' : null),
      name: (value) => (normalizeName(value) === '' ? '请填写姓名。' : null),
    },
  );

  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    if (check.state === 'ok' || check.state === 'error') resultRef.current?.focus();
  }, [check]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (check.state === 'loading' || !form.validate()) return;
    const certificateNo = compactCertificateNo(form.values.certificate_no);
    const name = normalizeName(form.values.name);
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setCheck({ state: 'loading' });
    let outcome;
    try {
      outcome = await checkDegree({ certificate_no: certificateNo, name }, current.signal);
    } catch {
      return; // aborted: the page was left
    }
    if (outcome.ok) {
      setCheck({ state: 'ok', data: outcome.data, certificateNo, name });
      return;
    }
    if (outcome.error.status === 422) form.showServerErrors(outcome.error.fields);
    setCheck({ state: 'error', error: outcome.error });
  }

  return (
    <>
      <Panel>
        <form className={formStyles.form} noValidate aria-label="学历查询" onSubmit={(event) => void submit(event)}>
          <Field
            label="证书编号"
            hint="毕业证书上的证书编号，如 100031202305000123"
            autoComplete="off"
            spellCheck={false}
            {...form.field('certificate_no')}
          />
          <Field label="姓名" hint="与证书上的姓名完全一致" autoComplete="off" {...form.field('name')} />
          <div className={formStyles.actions}>
            <Button type="submit" busy={check.state === 'loading'}>
              {check.state === 'loading' ? '正在查询…' : '查询'}
            </Button>
          </div>
        </form>
      </Panel>

      {(check.state === 'ok' || check.state === 'error') && (
        <Panel title="查询结果" testId="degree-check-result">
          <div ref={resultRef} tabIndex={-1} className={styles.result}>
            {check.state === 'error' && (
              <ProblemAlert error={check.error} message={check.error.status === 429 ? '查询过于频繁，请稍后再试。' : undefined} />
            )}
            {check.state === 'ok' && check.data.valid && check.data.degree && (
              <>
                <p className={styles.verdict} data-testid="degree-check-verdict" data-valid="true">
                  <Badge tone="ok">有效</Badge>
                  <span>该学历证书信息真实有效，与下面的信息一致。</span>
                </p>
                <PublicDegreeFacts degree={check.data.degree} />
                <p className={formStyles.muted}>为保护个人信息，身份证号已部分隐藏。</p>
              </>
            )}
            {check.state === 'ok' && !check.data.valid && (
              <FormAlert tone="warning" title="未查到与该证书编号和姓名一致的学历信息" testId="degree-check-not-found">
                <p>
                  查询的证书编号：{check.certificateNo}，姓名：{check.name}。请检查：
                </p>
                <ul className={formStyles.tips}>
                  <li>证书编号是否与毕业证书上的完全一致，没有多输或漏输数字；</li>
                  <li>姓名是否与证书上的一致（包括生僻字和少数民族姓名中的“·”）；</li>
                  <li>确认无误仍查不到，请联系发证学校核实该证书的登记情况。</li>
                </ul>
              </FormAlert>
            )}
          </div>
        </Panel>
      )}
    </>
  );
}
