import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ActionLink } from '@/components/ui/action-link';
import type { SubmitError } from '@/hooks/use-submit';

/** The codes of a link from a mail that can no longer be used: a new one has to be asked for. */
export const DEAD_LINK = new Set(['token_invalid', 'token_used', 'token_expired']);

/** Whether `problem` says the mail's link is dead. */
export function isDeadLink(problem: UiError | undefined): boolean {
  return problem?.code !== undefined && DEAD_LINK.has(problem.code);
}

/** A link from a mail without its code (only part of it was copied). */
export function IncompleteMailLink() {
  return (
    <FormAlert tone="error" title="链接不完整">
      <p>这个地址缺少确认码，可能只复制了链接的一部分。请回到邮件中点击完整的链接。</p>
    </FormAlert>
  );
}

/** What a link from a mail did, and the way on: 登录 (every session ended). */
export function DoneLogInAgain({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <>
      <FormAlert tone="success" title={title} testId={testId}>
        {children}
      </FormAlert>
      <ActionLink to="/login">登录</ActionLink>
    </>
  );
}

/** The failure of a form behind a link from a mail; a dead link gets the way to a new one (`again`). */
export function MailLinkAlert({ error, ref, again }: { error: SubmitError | null; ref: Ref<HTMLDivElement>; again: { to: string; label: string } }) {
  if (!error) return null;
  return (
    <ProblemAlert error={error.problem} ref={ref}>
      {isDeadLink(error.problem) && (
        <p>
          <Link to={again.to}>{again.label}</Link>
        </p>
      )}
    </ProblemAlert>
  );
}

/** An `onError` (`useSubmit`) that says a dead link on top only, its fields not mattering any more. */
export function onDeadLink(showOnTop: (problem: UiError) => void) {
  return (problem: UiError) => {
    const dead = isDeadLink(problem);
    if (dead) showOnTop(problem);
    return dead;
  };
}
