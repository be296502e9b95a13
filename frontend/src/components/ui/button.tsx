import type { ButtonHTMLAttributes, Ref } from 'react';

import styles from './button.module.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shown as busy and ignores clicks, but keeps keyboard focus (unlike `disabled`). */
  busy?: boolean;
  /** Not available right now (e.g. a countdown runs): ignores clicks, keeps keyboard focus. */
  unavailable?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/** The classes of a button, for links that look like one. */
export function buttonClass(variant: ButtonVariant = 'primary', className?: string) {
  return [styles.button, styles[variant], className].filter(Boolean).join(' ');
}

export function Button({ variant = 'primary', busy = false, unavailable = false, className, onClick, type = 'button', ...rest }: ButtonProps) {
  const inert = busy || unavailable;
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={inert || undefined}
      aria-busy={busy || undefined}
      data-unavailable={unavailable || undefined}
      className={buttonClass(variant, className)}
      onClick={inert ? (event) => event.preventDefault() : onClick}
    />
  );
}
