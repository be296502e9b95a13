//! The JWT signing key: from `APP_JWT_SECRET`, or in dev generated once and kept in the data folder
//! so that sessions survive restarts.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use rand::RngCore;

use crate::config::{Config, Secret};

const FILE_NAME: &str = "jwt_secret";

/// The signing key to use (production has one configured: config validation makes sure).
pub fn jwt_secret(config: &Config) -> anyhow::Result<Secret> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.clone());
    }
    anyhow::ensure!(config.is_dev(), "APP_JWT_SECRET is required outside dev");
    load_or_create(&config.data_dir.join(FILE_NAME))
}

fn load_or_create(path: &Path) -> anyhow::Result<Secret> {
    if let Ok(existing) = fs::read_to_string(path) {
        let existing = existing.trim();
        if existing.len() >= crate::config::MIN_JWT_SECRET_LEN {
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
    tracing::info!(path = %path.display(), "generated a development JWT secret");
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
}
