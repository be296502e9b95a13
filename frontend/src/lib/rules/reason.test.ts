import { describe, expect, it } from 'vitest';

import { REASON_MAX_CHARS, validateReason } from './reason';

describe('validateReason (like backend/src/rules/reason.rs)', () => {
  it('needs a reason unless it is optional, ignoring surrounding white space', () => {
    expect(validateReason('   ')?.code).toBe('reason_required');
    expect(validateReason('\u3000', { required: false })).toBeNull();
    expect(validateReason('  学生来电  ')).toBeNull();
  });

  it('counts characters, not bytes, up to 500', () => {
    expect(validateReason('字'.repeat(REASON_MAX_CHARS))).toBeNull();
    expect(validateReason('字'.repeat(REASON_MAX_CHARS + 1))?.message).toBe('最多 500 个字。');
    expect(validateReason('𠇔'.repeat(REASON_MAX_CHARS))).toBeNull();
  });
});
