import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

import styles from './dialog.module.css';

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** The buttons at the bottom (side by side on a phone, on the right from tablet width). */
  actions?: ReactNode;
  /** Esc, and the dialog's own 关闭 / 取消 button: the caller stops rendering the dialog. */
  onClose: () => void;
  /** Where focus starts (e.g. 否, or the input of the task); without one, the dialog itself. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** The body is read out as the dialog opens (`aria-describedby`): for a short question, not a list. */
  describedByBody?: boolean;
  /** Wider from tablet width on: a list to choose from. */
  wide?: boolean;
  testId?: string;
}

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A modal window. While it is open the page behind it is `inert` and does not scroll, Tab and
 * Shift+Tab stay inside, Esc closes it; focus starts on `initialFocus` (or the dialog) and returns
 * to where it was when the dialog closes. Render it only while open. On a phone it sits at the
 * bottom of the screen, in reach of the thumb; a long body scrolls inside it.
 */
export function Dialog({ title, children, actions, onClose, initialFocus, describedByBody = false, wide = false, testId }: DialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = dialogRef.current;
    const layer = dialog?.parentElement ?? null;
    // Everything else on the page: out of reach of the keyboard, pointer and screen readers.
    const others = Array.from(document.body.children).filter(
      (element) => element !== layer && !element.hasAttribute('inert'),
    );
    for (const element of others) element.setAttribute('inert', '');
    // The page behind does not scroll under the dialog (a phone's finger would move it).
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    (initialFocus?.current ?? dialog)?.focus();
    return () => {
      for (const element of others) element.removeAttribute('inert');
      document.body.style.overflow = overflow;
      if (opener?.isConnected) opener.focus();
    };
    // Once, as it opens: `initialFocus` is read then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = Array.from(dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialogRef.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className={styles.layer}>
      <div className={styles.backdrop} aria-hidden="true" />
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedByBody ? bodyId : undefined}
        tabIndex={-1}
        className={[styles.dialog, wide && styles.wide].filter(Boolean).join(' ')}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
        <div id={bodyId} className={styles.body}>
          {children}
        </div>
        {actions && <div className={styles.actions}>{actions}</div>}
      </div>
    </div>,
    document.body,
  );
}
