import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import { StaffForbidden } from '@/components/staff-role-gate';
import { LoadError } from '@/components/ui/load-states';

/**
 * Why a staff page's record did not load: not this role's (403), not found or not visible to this
 * member (404, with the way back to where such records are found), or a failure to retry.
 */
export function RecordLoadError({
  error,
  onRetry,
  forbidden,
  notFound,
}: {
  error: UiError;
  onRetry: () => void;
  /** Who may see such records (a 403). */
  forbidden: string;
  /** The 404: its title and test id, which records this member may see, and the way back. */
  notFound: { title: string; testId: string; scope: string; back: { to: string; label: string } };
}) {
  if (error.status === 403) return <StaffForbidden message={forbidden} />;
  if (error.status === 404) {
    return (
      <FormAlert tone="warning" title={notFound.title} testId={notFound.testId}>
        <p>
          {error.message} {notFound.scope}
        </p>
        <p>
          <Link to={notFound.back.to}>{notFound.back.label}</Link>
        </p>
      </FormAlert>
    );
  }
  return <LoadError error={error} onRetry={onRetry} />;
}
