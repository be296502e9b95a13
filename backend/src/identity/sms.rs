//! SMS verification codes: six random digits, stored as a keyed hash, and the message text.

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::outbox::{Channel, NewMessage};

/// A fresh code of six digits (leading zeros kept).
pub fn generate_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// The stored form of `code`, bound to the account and phone it was sent for.
pub fn code_hash(key: &str, account_id: &str, phone: &str, code: &str) -> String {
    let mut h = Sha256::new();
    for part in [key, account_id, phone, code] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    crate::auth::tokens::hex(&h.finalize())
}

/// The SMS with the code.
pub fn code_message(phone: &str, code: &str, minutes: u64) -> NewMessage {
    NewMessage {
        channel: Channel::Sms,
        recipient: phone.to_owned(),
        subject: None,
        body_text: format!("【学信网】您的注册校验码为 {code}，{minutes} 分钟内有效。请勿把校验码告诉他人。如非本人操作，请忽略本短信。"),
        body_html: None,
        template: Some("registration_code".into()),
        params: Some(serde_json::json!({"code": code, "minutes": minutes})),
    }
}

/// The SMS with a 找回账号 code: to the verified phone (lost mailbox) or to a new phone.
pub fn recovery_code_message(phone: &str, code: &str, minutes: u64) -> NewMessage {
    NewMessage {
        channel: Channel::Sms,
        recipient: phone.to_owned(),
        subject: None,
        body_text: format!("【学信网】您正在找回账号，校验码为 {code}，{minutes} 分钟内有效。请勿把校验码告诉任何人（包括自称客服的人）。如非本人操作，请忽略本短信。"),
        body_html: None,
        template: Some("recovery_code".into()),
        params: Some(serde_json::json!({"code": code, "minutes": minutes})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let c = generate_code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn a_code_hash_is_bound_to_key_account_and_phone() {
        let h = code_hash("k", "a", "13800138000", "123456");
        assert_eq!(h, code_hash("k", "a", "13800138000", "123456"));
        assert_ne!(h, code_hash("k2", "a", "13800138000", "123456"));
        assert_ne!(h, code_hash("k", "b", "13800138000", "123456"));
        assert_ne!(h, code_hash("k", "a", "13900139000", "123456"));
    }
}
