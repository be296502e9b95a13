import { Link } from 'react-router';

import { Field } from '@/components/form/field';
import { TextareaField } from '@/components/form/textarea-field';
import formStyles from '@/components/form/form.module.css';
import { SubmitAlert } from '@/components/form/submit-alert';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { normalizeIdNumber, normalizeName, serverTrim, validateIdNumber, validateName } from '@/lib/rules';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { correctIdentity } from '../api/correct-identity';
import type { SupportAccount } from '../api/types';
import { searchByIdNumber } from '../lib/lookup';
import type { AccountActionProps, ActionNotice } from './account-actions';
import { SUPPORT_FORBIDDEN } from './support-search';

/** The notice after a correction: what the account holds now, and whether records carry it. */
export function correctionNotice(account: SupportAccount): ActionNotice {
  const what = `姓名 ${account.name ?? ''}，身份证号 ${account.id_number ?? ''}`;
  return account.records_found
    ? {
        tone: 'success',
        title: '身份信息已更正，已找到学籍/学历记录。',
        body: (
          <p data-testid="correction-records-found">
            账号现在是：{what}。学生重新登录后，在“学籍信息”中就能看到与之一致的记录。
          </p>
        ),
      }
    : {
        tone: 'warning',
        title: '身份信息已更正，但仍然没有找到学籍/学历记录。',
        body: (
          <p data-testid="correction-records-missing">
            账号现在是：{what}。没有记录与这个姓名和身份证号一致：请与学生再次核对证件；如果是学校记录有误，请学生联系学校。
          </p>
        ),
      };
}

/** 更正身份信息: the name and ID number the student's records carry, and why (required; audited). */
export function CorrectIdentityForm({ account, onDone }: AccountActionProps) {
  const form = useFormFields(
    { name: account.name ?? '', id_number: account.id_number ?? '', reason: '' },
    {
      name: (value) => validateName(value)?.message,
      id_number: (value) => validateIdNumber(value)?.message,
      reason: (value) => validateReason(value)?.message,
    },
  );

  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const submit = onSubmit({
    send: () =>
      correctIdentity(account.id, {
        name: normalizeName(form.values.name),
        id_number: normalizeIdNumber(form.values.id_number),
        reason: serverTrim(form.values.reason),
      }),
    onOk: (corrected) => {
      form.reset({ name: corrected.name ?? '', id_number: corrected.id_number ?? '', reason: '' });
      onDone(corrected, correctionNotice(corrected));
    },
  });

  const taken = error?.problem.code === 'id_number_taken';
  const heldIdNumber = normalizeIdNumber(form.values.id_number);

  return (
    <Panel title="更正身份信息" testId="correct-identity">
      <p className={formStyles.muted}>
        学生的学籍记录正确、账号里的姓名或身份证号填错时使用。请先核对学生的身份证件，写明原因；更正会记入审计日志。
      </p>
      {error && (
        <SubmitAlert ref={alertRef} error={error} message={staffErrorMessage(error.problem, SUPPORT_FORBIDDEN)}>
          {taken && (
            <p>
              <Link to="/staff/support" onClick={() => searchByIdNumber(heldIdNumber)} data-testid="find-id-holder">
                查找使用身份证号 {heldIdNumber} 的账号
              </Link>
              ：核实后，可在那个账号的页面上“解除身份绑定”，再回到这里更正。
            </p>
          )}
        </SubmitAlert>
      )}
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label="更正身份信息">
        <Field label="姓名" type="text" autoComplete="off" hint="与学籍记录和身份证一致的中文姓名，不用拼音" {...form.field('name')} />
        <Field
          label="身份证号"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          hint="18 位第二代身份证号，最后一位可以是 X"
          {...form.field('id_number')}
        />
        <TextareaField
          label="原因"
          maxLength={REASON_MAX_CHARS}
          hint="必填：例如“学生来电，核对身份证照片，注册时姓名误填”"
          {...form.field('reason')}
        />
        <div className={formStyles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在更正…' : '更正身份信息'}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
