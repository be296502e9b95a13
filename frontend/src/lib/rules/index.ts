export type { RuleError } from './rule-error';
export * from './email';
export * from './password';
