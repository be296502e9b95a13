export type { RuleError } from './rule-error';
export * from './email';
export * from './id-number';
export * from './name';
export * from './password';
export * from './phone';
export * from './text';
