import type { ReportData } from './report-data.js';

/** names the shape of `--json`; changed only when a field changes meaning or goes away */
export const REPORT_FORMAT = 'portsentry-report/1';

/** `--json`: the figures of ReportData under their own names, with the format first. */
export const renderJson = (r: ReportData): string => `${JSON.stringify({ format: REPORT_FORMAT, ...r }, null, 2)}\n`;
