import { ReportPrint } from '@/features/records/components/report-print';

export function Component() {
  return <ReportPrint />;
}
