//! The key material the server holds in memory: the JWT signing key and the audit chain's key.
//! The types live here, below every capability, so that the service context can carry them;
//! what is signed or chained with them is the business of `auth::jwt` and `audit::chain`.

use jsonwebtoken::{DecodingKey, EncodingKey};

/// The signing and verification keys of the API's tokens (HS256); `auth::jwt` issues and checks
/// tokens with them.
pub struct JwtKeys {
    pub(crate) encoding: EncodingKey,
    pub(crate) decoding: DecodingKey,
}

/// The key of the audit chain's keyed epoch (`APP_AUDIT_KEY`); never shown in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    /// The key made of the setting's text (its UTF-8 bytes).
    pub fn new(secret: &str) -> Self {
        Self(secret.as_bytes().to_vec())
    }

    /// The key's bytes, for the HMAC that links the chain.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(***)")
    }
}
