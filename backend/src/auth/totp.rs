//! Time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA-1, 6 digits, 30-second
//! steps), the encryption of TOTP secrets at rest and the staff recovery codes.
//!
//! HMAC-SHA-1 and AES-256-GCM come from `aws-lc-rs`, already in the tree for the JWT and TLS
//! code; the RFC itself is a few lines, checked against its published test vectors below.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use aws_lc_rs::hmac;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Seconds per time step.
pub const STEP_SECS: i64 = 30;
/// Digits of a code.
pub const DIGITS: usize = 6;
/// Steps either side of now that are still accepted, for clocks that drift a little.
pub const SKEW_STEPS: i64 = 1;
/// Recovery codes issued at once.
pub const RECOVERY_CODES: usize = 10;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Xuexin";

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The time step `now` falls in.
pub fn step_of(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECS)
}

/// The HOTP value of `secret` at `counter` (RFC 4226 §5.3), as `DIGITS` digits.
pub fn code_at(secret: &[u8], counter: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = hmac::sign(&key, &counter.to_be_bytes());
    let mac = tag.as_ref();
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    format!(
        "{:0width$}",
        binary % 10u32.pow(DIGITS as u32),
        width = DIGITS
    )
}

/// The step within [`SKEW_STEPS`] of `now` whose code is `typed`, if it is later than
/// `last_used` (a code accepted once is never accepted again). Compares in constant time.
pub fn matching_step(
    secret: &[u8],
    typed: &str,
    now: DateTime<Utc>,
    last_used: Option<i64>,
) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = step_of(now);
    let mut found = None;
    for step in current - SKEW_STEPS..=current + SKEW_STEPS {
        let expected = code_at(secret, step);
        let same = expected
            .bytes()
            .zip(typed.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if same && last_used.is_none_or(|l| step > l) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// A new random 160-bit secret (the size RFC 4226 recommends for HMAC-SHA-1).
pub fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads RFC 4648 base32 (any case, spaces and padding ignored); `None` on a foreign character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32
            .iter()
            .position(|&b| b == c.to_ascii_uppercase() as u8)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The `otpauth://` URI that authenticator apps read from a QR code.
pub fn otpauth_uri(account: &str, secret_base32: &str) -> String {
    let label = percent(&format!("{ISSUER}:{account}"));
    format!(
        "otpauth://totp/{label}?secret={secret_base32}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}"
    )
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Encrypts TOTP secrets at rest with AES-256-GCM under a key derived from the server's secret
/// (so a copy of the database alone does not let anyone compute codes). Each sealed value is
/// bound to its staff member: a secret moved to another row does not open.
pub struct SecretBox {
    key: LessSafeKey,
}

impl SecretBox {
    /// The box keyed by the server's code key (see [`crate::context::Ctx::code_key`]).
    pub fn new(code_key: &str) -> Result<Self, AppError> {
        if code_key.is_empty() {
            return Err(AppError::internal(anyhow::anyhow!(
                "no server key to encrypt TOTP secrets with"
            )));
        }
        let derived = Sha256::digest(format!("staff-totp-secret-key:{code_key}").as_bytes());
        let unbound = UnboundKey::new(&AES_256_GCM, derived.as_slice())
            .map_err(|_| AppError::internal(anyhow::anyhow!("bad AES key length")))?;
        Ok(Self {
            key: LessSafeKey::new(unbound),
        })
    }

    /// `nonce ‖ ciphertext ‖ tag`, base64.
    pub fn seal(&self, staff_id: &str, secret: &[u8]) -> Result<String, AppError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let mut in_out = secret.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(staff_id.as_bytes()),
                &mut in_out,
            )
            .map_err(|_| AppError::internal(anyhow::anyhow!("cannot seal a TOTP secret")))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&in_out);
        Ok(STANDARD.encode(out))
    }

    /// The secret sealed by [`SecretBox::seal`] for `staff_id`.
    pub fn open(&self, staff_id: &str, sealed: &str) -> Result<Vec<u8>, AppError> {
        let broken = || {
            AppError::internal(anyhow::anyhow!(
                "a stored TOTP secret does not open (was the server secret changed?)"
            ))
        };
        let bytes = STANDARD.decode(sealed).map_err(|_| broken())?;
        if bytes.len() < NONCE_LEN {
            return Err(broken());
        }
        let (nonce, rest) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| broken())?;
        let mut in_out = rest.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(staff_id.as_bytes()), &mut in_out)
            .map_err(|_| broken())?;
        Ok(plain.to_vec())
    }
}

/// Ten new recovery codes: 12 base32 characters (60 random bits) each, shown as `XXXX-XXXX-XXXX`.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 8];
            rand::rng().fill_bytes(&mut bytes);
            let raw = base32_encode(&bytes);
            format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
        })
        .collect()
}

/// The stored form of a recovery code: an HMAC-SHA-256 under the server's code key, of the code
/// without separators or case, bound to the staff member. The codes carry 60 random bits, so a
/// fast keyed hash is enough (no password hashing pool needed).
pub fn recovery_code_hash(code_key: &str, staff_id: &str, code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let key = hmac::Key::new(hmac::HMAC_SHA256, code_key.as_bytes());
    let tag = hmac::sign(
        &key,
        format!("staff-recovery:{staff_id}:{normalized}").as_bytes(),
    );
    super::tokens::hex(tag.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// RFC 6238 appendix B, SHA-1 rows (the seed is the ASCII "12345678901234567890"); the RFC
    /// prints 8 digits, of which a 6-digit code is the last six.
    #[test]
    fn rfc_6238_test_vectors() {
        let seed = b"12345678901234567890";
        for (time, eight_digits) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let now = Utc.timestamp_opt(time, 0).unwrap();
            assert_eq!(code_at(seed, step_of(now)), eight_digits[2..], "T = {time}");
        }
    }

    #[test]
    fn rfc_4226_hotp_vectors() {
        let seed = b"12345678901234567890";
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(code_at(seed, counter as i64), *code);
        }
    }

    #[test]
    fn a_code_matches_within_one_step_and_never_again() {
        let secret = new_secret();
        let now = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        let step = step_of(now);
        let code = code_at(&secret, step);
        assert_eq!(matching_step(&secret, &code, now, None), Some(step));
        assert_eq!(
            matching_step(&secret, &format!(" {code} "), now, None),
            Some(step)
        );
        assert_eq!(
            matching_step(&secret, &code, now, Some(step)),
            None,
            "replayed"
        );
        let late = now + chrono::Duration::seconds(STEP_SECS);
        assert_eq!(
            matching_step(&secret, &code, late, None),
            Some(step),
            "one step late"
        );
        let too_late = now + chrono::Duration::seconds(2 * STEP_SECS);
        assert_eq!(matching_step(&secret, &code, too_late, None), None);
        assert_eq!(matching_step(&secret, "12345", now, None), None);
        assert_eq!(matching_step(&secret, "abcdef", now, None), None);
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("mzxw6ytboi======").unwrap(), b"foobar");
        let secret = new_secret();
        assert_eq!(base32_decode(&base32_encode(&secret)).unwrap(), secret);
        assert!(base32_decode("M1").is_none());
    }

    #[test]
    fn sealed_secrets_open_only_for_their_owner_and_key() {
        let sealed_box = SecretBox::new("key-a").unwrap();
        let sealed = sealed_box.seal("staff-1", b"secret").unwrap();
        assert!(!sealed.contains("secret"));
        assert_eq!(sealed_box.open("staff-1", &sealed).unwrap(), b"secret");
        assert!(sealed_box.open("staff-2", &sealed).is_err());
        assert!(SecretBox::new("key-b")
            .unwrap()
            .open("staff-1", &sealed)
            .is_err());
        assert!(SecretBox::new("").is_err());
    }

    #[test]
    fn recovery_codes_are_distinct_and_hashed_by_owner() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(
            codes.iter().collect::<std::collections::HashSet<_>>().len(),
            10
        );
        assert!(codes.iter().all(|c| c.len() == 14));
        let h = recovery_code_hash("k", "s", &codes[0]);
        assert_eq!(
            h,
            recovery_code_hash("k", "s", &codes[0].to_lowercase().replace('-', " "))
        );
        assert_ne!(h, recovery_code_hash("k", "t", &codes[0]));
        assert_ne!(h, recovery_code_hash("j", "s", &codes[0]));
    }

    #[test]
    fn the_uri_names_issuer_account_and_parameters() {
        let uri = otpauth_uri("a b@example.cn", "MZXW6YTBOI");
        assert_eq!(uri, "otpauth://totp/Xuexin%3Aa%20b@example.cn?secret=MZXW6YTBOI&issuer=Xuexin&algorithm=SHA1&digits=6&period=30");
    }
}
