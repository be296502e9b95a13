//! Password hashing with argon2id, cost from configuration (OWASP: 19 MiB, 2 passes, 1 lane).

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher as _, PasswordVerifier as _, Version,
};

use crate::config::AuthSettings;

/// Hashes and verifies passwords with the configured argon2id cost.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A hash of a random password, verified against for unknown accounts so that a login for
    /// an unknown email costs as much time as one for a known email.
    decoy: String,
}

impl PasswordHasher {
    /// A hasher with the cost from `settings`.
    pub fn new(settings: &AuthSettings) -> anyhow::Result<Self> {
        let params = Params::new(
            settings.argon2_memory_kib,
            settings.argon2_iterations,
            settings.argon2_parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters (APP_ARGON2_*): {e}"))?;
        let mut hasher = Self {
            params,
            decoy: String::new(),
        };
        hasher.decoy = hasher.hash(&uuid::Uuid::new_v4().to_string())?;
        Ok(hasher)
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string (`$argon2id$v=19$m=…`) with a fresh random salt. CPU-heavy: call off the async threads.
    pub fn hash(&self, password: &str) -> anyhow::Result<String> {
        let hash = self
            .argon2()
            .hash_password(password.as_bytes())
            .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))?;
        Ok(hash.to_string())
    }

    /// Whether `password` matches `phc` (the parameters stored in the hash are used, so hashes
    /// made with an older cost keep working). CPU-heavy.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        match PasswordHash::new(phc) {
            Ok(parsed) => self
                .argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    }

    /// Spends the time of one verification, for accounts that do not exist.
    pub fn verify_decoy(&self, password: &str) {
        let _ = self.verify(password, &self.decoy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn hasher() -> PasswordHasher {
        let mut settings = Config::from_lookup(&|_| None).unwrap().auth;
        settings.argon2_memory_kib = 64;
        settings.argon2_iterations = 1;
        PasswordHasher::new(&settings).unwrap()
    }

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let h = hasher();
        let a = h.hash("Xuexin2026").unwrap();
        let b = h.hash("Xuexin2026").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(h.verify("Xuexin2026", &a));
        assert!(!h.verify("xuexin2026", &a));
        assert!(!h.verify("Xuexin2026", "not a hash"));
    }
}
