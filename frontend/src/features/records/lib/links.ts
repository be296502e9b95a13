import type { RecordType } from '@/api/record-types';

/** 在线验证报告 with this record chosen (from a record's 生成验证报告). */
export function reportLink(recordType: RecordType, id: string): string {
  return `/me/reports?${new URLSearchParams({ record_type: recordType, record_id: id }).toString()}`;
}

/** The printable view of a report. */
export const printLink = (code: string) => `/me/reports/${encodeURIComponent(code)}/print`;

/** The public page of a report, on this site. */
export const verifyPath = (code: string) => `/verify/${encodeURIComponent(code)}`;

/** The official conscription site (预征网上报名 links out to it). */
export const CONSCRIPTION_URL = 'https://www.gfbzb.gov.cn/';
