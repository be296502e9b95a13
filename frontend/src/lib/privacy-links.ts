/** The privacy notice page. */
export const PRIVACY_LINK = '/privacy';

/** 个人中心 → 我的数据. */
export const MY_DATA_LINK = '/me/data';

/** Where a student whose consent is needed agrees (or leaves). */
export const CONSENT_LINK = '/me/consent';

/** 个人中心 → 注销账号 (the account-closing screen). */
export const CLOSE_ACCOUNT_LINK = '/me/close';
