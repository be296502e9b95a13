//! JSON Web Tokens (HS256). Access tokens name the account and its session; registration tokens
//! allow only the remaining registration steps. Expiry is checked against the app's clock (not
//! the system time) so tests can move time.

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Text};

/// What a token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A logged-in student's API access.
    Access,
    /// The remaining steps of an unfinished registration, nothing else.
    Registration,
    /// A staff member's API access.
    Staff,
    /// Proof that a staff member's password was right, good only for the second-factor step.
    StaffChallenge,
}

/// The claims of every token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The account id.
    pub sub: String,
    /// The session id (access tokens only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub typ: TokenKind,
    pub iat: i64,
    pub exp: i64,
    /// A random id, so two tokens issued for one account in the same second differ (a revoked
    /// registration token must not equal the next one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// The signing and verification keys (the type lives with the other keys in `secrets`).
pub use crate::secrets::JwtKeys;

impl JwtKeys {
    /// Keys from the configured secret.
    pub fn new(secret: &str) -> anyhow::Result<Self> {
        Ok(Self {
            encoding: EncodingKey::from_secret(secret.as_bytes())?,
            decoding: DecodingKey::from_secret(secret.as_bytes())?,
        })
    }

    /// Signs a token of `kind` for `account_id`, valid for `ttl_secs` from `now`.
    pub fn issue(
        &self,
        kind: TokenKind,
        account_id: &str,
        session_id: Option<&str>,
        now: DateTime<Utc>,
        ttl_secs: u64,
    ) -> Result<String, AppError> {
        let claims = Claims {
            sub: account_id.to_owned(),
            sid: session_id.map(str::to_owned),
            typ: kind,
            iat: now.timestamp(),
            exp: now.timestamp() + ttl_secs as i64,
            jti: Some(uuid::Uuid::new_v4().simple().to_string()),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)
    }

    /// Checks signature, kind and expiry (at `now`), returning the claims.
    pub fn verify(
        &self,
        token: &str,
        kind: TokenKind,
        now: DateTime<Utc>,
    ) -> Result<Claims, AppError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let claims = decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|e| token_invalid().with_cause(e))?
            .claims;
        if claims.typ != kind {
            return Err(AppError::unauthorized(
                "token_wrong_kind",
                match kind {
                    TokenKind::Access => {
                        Text::new("请先登录后再操作。", "This needs a login (access token).")
                    }
                    TokenKind::Registration => Text::new(
                        "此操作只用于完成注册，请通过激活邮件中的链接继续。",
                        "This step needs the registration token from the activation link.",
                    ),
                    TokenKind::Staff => {
                        Text::new("此操作需要工作人员登录。", "This needs a staff login.")
                    }
                    TokenKind::StaffChallenge => Text::new(
                        "请先输入密码，再输入两步验证码。",
                        "This step needs the challenge of a staff password login.",
                    ),
                },
            ));
        }
        if claims.exp <= now.timestamp() {
            return Err(AppError::unauthorized(
                "token_expired",
                Text::new(
                    "登录已过期，请重新登录。",
                    "The token has expired; log in again.",
                ),
            ));
        }
        Ok(claims)
    }
}

/// 401 for a token that is not ours or was tampered with.
pub fn token_invalid() -> AppError {
    AppError::unauthorized(
        "token_invalid",
        Text::new(
            "登录凭证无效，请重新登录。",
            "The token is not valid; log in again.",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new("0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn a_token_verifies_until_it_expires_by_the_given_clock() {
        let now = Utc::now();
        let t = keys()
            .issue(TokenKind::Access, "acc", Some("sess"), now, 900)
            .unwrap();
        let c = keys()
            .verify(&t, TokenKind::Access, now + chrono::Duration::seconds(899))
            .unwrap();
        assert_eq!((c.sub.as_str(), c.sid.as_deref()), ("acc", Some("sess")));
        let err = keys()
            .verify(&t, TokenKind::Access, now + chrono::Duration::seconds(900))
            .unwrap_err();
        assert_eq!(err.code(), "token_expired");
    }

    #[test]
    fn kinds_are_not_interchangeable_and_foreign_keys_fail() {
        let now = Utc::now();
        let reg = keys()
            .issue(TokenKind::Registration, "acc", None, now, 60)
            .unwrap();
        assert_eq!(
            keys()
                .verify(&reg, TokenKind::Access, now)
                .unwrap_err()
                .code(),
            "token_wrong_kind"
        );
        let other = JwtKeys::new("another-secret-another-secret-123").unwrap();
        assert_eq!(
            other
                .verify(&reg, TokenKind::Registration, now)
                .unwrap_err()
                .code(),
            "token_invalid"
        );
        assert_eq!(
            keys()
                .verify("garbage", TokenKind::Access, now)
                .unwrap_err()
                .code(),
            "token_invalid"
        );
    }
}
