import { useRef, type ReactNode } from 'react';

import { Button } from './button';
import { Dialog } from './dialog';

export interface ConfirmDialogProps {
  title: string;
  /** The question, read out when the dialog opens (`aria-describedby`). */
  children: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** The confirmation is being carried out: 是 shows busy, 否 and Esc still close. */
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

/**
 * A modal question with two answers (是 / 否), on `Dialog`: Esc answers 否, and focus starts on
 * 否 (the answer that changes nothing). Render it only while open.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel = '是',
  cancelLabel = '否',
  busy = false,
  onConfirm,
  onCancel,
  testId,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      initialFocus={cancelRef}
      describedByBody
      testId={testId}
      actions={
        <>
          <Button busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
          <Button ref={cancelRef} variant="secondary" onClick={onCancel}>
            {cancelLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
