import { useEffect, type RefObject } from 'react';

/**
 * Moves the focus to `ref` each time `shown` becomes a new truthy value (a notice or an error that
 * just appeared), once it is on the screen, so that a screen reader reads it next.
 */
export function useFocusOnShow(ref: RefObject<HTMLElement | null>, shown: unknown) {
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [ref, shown]);
}
