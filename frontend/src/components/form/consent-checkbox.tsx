import { useId, type ReactNode, type Ref } from 'react';
import { Link } from 'react-router';

import styles from '@/components/form/form.module.css';

import { PRIVACY_LINK } from '@/lib/privacy-links';

/** The message when the box is left unticked (the server's `consent_missing` says the same). */
export const CONSENT_REQUIRED_MESSAGE = '请阅读并勾选同意《个人信息保护说明》。';

/**
 * 「我已阅读并同意《个人信息保护说明》」: required before registering; the link opens the notice in
 * a new tab so the form keeps what was typed. Its error sits under it, in its description.
 */
export function ConsentCheckbox({
  checked,
  onChange,
  error,
  ref,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: ReactNode;
  ref?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={styles.field} data-field="consent_version">
      <div className={styles.checkbox}>
        <input
          ref={ref}
          id={id}
          type="checkbox"
          name="consent_version"
          checked={checked}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>
          我已阅读并同意
          <Link to={PRIVACY_LINK} target="_blank" rel="noopener">
            《个人信息保护说明》
          </Link>
        </label>
      </div>
      <div id={errorId} className={styles.fieldError} aria-live="polite" data-testid="error-consent_version">
        {error}
      </div>
    </div>
  );
}
