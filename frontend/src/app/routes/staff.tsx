import { Page } from '@/components/ui/page';
import { StaffHome } from '@/features/staff/components/staff-home';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page title="工作台" testId="staff-home">
      <StaffHome />
    </Page>
  );
}
