//! The server's keys: the JWT signing key (`APP_JWT_SECRET`) and the audit chain's key
//! (`APP_AUDIT_KEY`). Production configures both; in dev each is generated once and kept in the
//! data folder, so that sessions survive restarts and the audit chain stays verifiable.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use rand::RngCore;

use crate::config::{Config, Secret, MIN_AUDIT_KEY_LEN, MIN_JWT_SECRET_LEN};

pub mod keys;

pub use keys::{AuditKey, JwtKeys};

const FILE_NAME: &str = "jwt_secret";
const AUDIT_KEY_FILE_NAME: &str = "audit_key";

/// The signing key to use (production has one configured: config validation makes sure).
pub fn jwt_secret(config: &Config) -> anyhow::Result<Secret> {
    configured_or_dev(
        config,
        config.jwt_secret.as_ref(),
        "APP_JWT_SECRET",
        FILE_NAME,
    )
}

/// The audit chain's key (production has one configured: config validation makes sure). In dev
/// it is kept in `APP_DATA_DIR/audit_key`: deleting that file makes the keyed events unverifiable.
pub fn audit_key(config: &Config) -> anyhow::Result<AuditKey> {
    let secret = configured_or_dev(
        config,
        config.audit_key.as_ref(),
        "APP_AUDIT_KEY",
        AUDIT_KEY_FILE_NAME,
    )?;
    Ok(AuditKey::new(secret.expose()))
}

/// The audit key to check the chain with: the configured one, or the one kept in dev. Unlike
/// [`audit_key`] it never generates one: a fresh key would make every keyed event look altered.
pub fn existing_audit_key(config: &Config) -> anyhow::Result<AuditKey> {
    if let Some(secret) = &config.audit_key {
        return Ok(AuditKey::new(secret.expose()));
    }
    let path = config.data_dir.join(AUDIT_KEY_FILE_NAME);
    let kept = fs::read_to_string(&path).with_context(|| {
        format!(
            "APP_AUDIT_KEY is not set and {} cannot be read: the audit chain can only be checked with the key it was written with",
            path.display()
        )
    })?;
    Ok(AuditKey::new(kept.trim()))
}

fn configured_or_dev(
    config: &Config,
    configured: Option<&Secret>,
    variable: &str,
    file_name: &str,
) -> anyhow::Result<Secret> {
    if let Some(secret) = configured {
        return Ok(secret.clone());
    }
    anyhow::ensure!(config.is_dev(), "{variable} is required outside dev");
    load_or_create(&config.data_dir.join(file_name))
}

/// Generated keys are 64 hex digits; a kept one shorter than the settings' minimum is replaced.
fn load_or_create(path: &Path) -> anyhow::Result<Secret> {
    if let Ok(existing) = fs::read_to_string(path) {
        let existing = existing.trim();
        if existing.len() >= MIN_JWT_SECRET_LEN.max(MIN_AUDIT_KEY_LEN) {
            return Ok(Secret::new(existing));
        }
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(secret.as_bytes())?;
    tracing::info!(path = %path.display(), "generated a development key");
    Ok(Secret::new(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_is_kept_and_reused() {
        let dir = std::env::temp_dir().join(format!("xuexin-secret-{}", uuid::Uuid::new_v4()));
        let path = dir.join(FILE_NAME);
        let first = load_or_create(&path).unwrap();
        let second = load_or_create(&path).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.expose().len(), 64);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn dev_keeps_its_own_audit_key_and_a_configured_one_wins() {
        let dir = std::env::temp_dir().join(format!("xuexin-secret-{}", uuid::Uuid::new_v4()));
        let dir_text = dir.to_string_lossy().into_owned();
        let dev =
            Config::from_lookup(&|k| (k == "APP_DATA_DIR").then(|| dir_text.clone())).unwrap();
        let key = audit_key(&dev).unwrap();
        let kept = fs::read_to_string(dir.join(AUDIT_KEY_FILE_NAME)).unwrap();
        assert_eq!(key, AuditKey::new(&kept));
        assert_eq!(audit_key(&dev).unwrap(), key, "kept across restarts");
        assert_ne!(
            kept,
            jwt_secret(&dev).unwrap().expose(),
            "not the JWT secret"
        );
        let configured = "c".repeat(40);
        let set = Config::from_lookup(&|k| match k {
            "APP_DATA_DIR" => Some(dir_text.clone()),
            "APP_AUDIT_KEY" => Some(configured.clone()),
            _ => None,
        })
        .unwrap();
        assert_eq!(audit_key(&set).unwrap(), AuditKey::new(&configured));
        assert_eq!(
            existing_audit_key(&set).unwrap(),
            AuditKey::new(&configured)
        );
        assert_eq!(existing_audit_key(&dev).unwrap(), key);
        fs::remove_dir_all(&dir).unwrap();
        let err = existing_audit_key(&dev).unwrap_err().to_string();
        assert!(err.contains("APP_AUDIT_KEY is not set"), "{err}");
        assert!(!dir.exists(), "checking never generates a key");
    }
}
