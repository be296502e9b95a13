//! Password hashing with argon2id, cost from configuration (OWASP: 19 MiB, 2 passes, 1 lane).
//!
//! The server never calls this directly on a request: it goes through
//! [`HashPool`](crate::auth::hash_pool::HashPool), whose workers each own one [`Workspace`], so the
//! argon2 memory of the whole process is bounded by the number of workers.

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};

use crate::config::AuthSettings;

/// The argon2 working memory (one 1 KiB block per KiB of cost), kept by a hashing worker and
/// reused for every hash it computes, so hashing never allocates once the worker is warm.
#[derive(Default)]
pub struct Workspace {
    blocks: Vec<Block>,
}

impl Workspace {
    /// An empty workspace; it grows on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.blocks.len() * Block::SIZE
    }

    /// Runs `f` with `count` blocks. Up to `keep` blocks stay allocated for the next hash; a
    /// stored hash of a higher (older) cost than configured gets memory for that one hash only,
    /// so the configured cost bounds what a worker keeps.
    fn with_blocks<T>(
        &mut self,
        count: usize,
        keep: usize,
        f: impl FnOnce(&mut [Block]) -> T,
    ) -> T {
        if count > keep {
            let mut once = vec![Block::new(); count];
            return f(&mut once);
        }
        if self.blocks.len() < count {
            self.blocks.resize(count, Block::new());
        }
        f(&mut self.blocks[..count])
    }
}

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

    /// Bytes of argon2 memory one hash at the configured cost needs.
    pub fn memory_bytes(&self) -> usize {
        self.params.block_count() * Block::SIZE
    }

    /// A PHC string (`$argon2id$v=19$m=…`) with a fresh random salt, using the memory of `ws`.
    /// CPU-heavy: call off the async threads.
    pub fn hash_in(&self, ws: &mut Workspace, password: &str) -> anyhow::Result<String> {
        // 16 random bytes, the PHC recommendation.
        let salt = Salt::new(&argon2::password_hash::generate_salt())
            .map_err(|e| anyhow::anyhow!("building the salt failed: {e}"))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone());
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        self.compute(ws, &argon2, password, &salt, &mut out)
            .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params)
                .map_err(|e| anyhow::anyhow!("encoding the argon2 parameters failed: {e}"))?,
            salt: Some(salt),
            hash: Some(
                Output::new(&out).map_err(|e| anyhow::anyhow!("encoding the hash failed: {e}"))?,
            ),
        };
        Ok(phc.to_string())
    }

    /// Like [`Self::hash_in`] with memory of its own, for one-off uses outside the server (the
    /// command line, demo data): the memory is freed afterwards.
    pub fn hash(&self, password: &str) -> anyhow::Result<String> {
        self.hash_in(&mut Workspace::new(), password)
    }

    /// Whether `password` matches `phc`, recomputed with the algorithm, version and cost stored
    /// in the hash (so hashes made with an older cost keep working) and compared in constant
    /// time. CPU-heavy.
    pub fn verify_in(&self, ws: &mut Workspace, password: &str, phc: &str) -> bool {
        self.try_verify(ws, password, phc).unwrap_or(false)
    }

    /// Like [`Self::verify_in`] with memory of its own.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        self.verify_in(&mut Workspace::new(), password, phc)
    }

    /// Spends the time of one verification, for accounts that do not exist.
    pub fn verify_decoy_in(&self, ws: &mut Workspace, password: &str) {
        let _ = self.verify_in(ws, password, &self.decoy);
    }

    fn try_verify(&self, ws: &mut Workspace, password: &str, phc: &str) -> Option<bool> {
        let parsed = PasswordHash::new(phc).ok()?;
        let algorithm = Algorithm::new(parsed.algorithm.as_str()).ok()?;
        let version = match parsed.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(&parsed).ok()?;
        let (salt, expected) = (parsed.salt.as_ref()?, parsed.hash.as_ref()?);
        let argon2 = Argon2::new(algorithm, version, params);
        let mut out = vec![0u8; expected.len()];
        self.compute(ws, &argon2, password, salt, &mut out).ok()?;
        // `Output`'s equality is constant-time.
        Some(Output::new(&out).ok()? == *expected)
    }

    fn compute(
        &self,
        ws: &mut Workspace,
        argon2: &Argon2<'_>,
        password: &str,
        salt: &[u8],
        out: &mut [u8],
    ) -> argon2::Result<()> {
        let needed = argon2.params().block_count();
        ws.with_blocks(needed, self.params.block_count(), |blocks| {
            argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, blocks)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use argon2::PasswordHasher as _;

    fn settings() -> AuthSettings {
        let mut settings = Config::from_lookup(&|_| None).unwrap().auth;
        settings.argon2_memory_kib = 64;
        settings.argon2_iterations = 1;
        settings
    }

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let h = PasswordHasher::new(&settings()).unwrap();
        let mut ws = Workspace::new();
        let a = h.hash_in(&mut ws, "Xuexin2026").unwrap();
        let b = h.hash_in(&mut ws, "Xuexin2026").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(h.verify_in(&mut ws, "Xuexin2026", &a));
        assert!(!h.verify_in(&mut ws, "xuexin2026", &a));
        assert!(!h.verify_in(&mut ws, "Xuexin2026", "not a hash"));
    }

    #[test]
    fn a_workspace_keeps_one_hash_worth_of_memory_and_reuses_it() {
        let h = PasswordHasher::new(&settings()).unwrap();
        let mut ws = Workspace::new();
        for _ in 0..3 {
            let phc = h.hash_in(&mut ws, "Xuexin2026").unwrap();
            assert!(h.verify_in(&mut ws, "Xuexin2026", &phc));
        }
        assert_eq!(ws.bytes(), 64 * 1024);
        assert_eq!(h.memory_bytes(), 64 * 1024);
    }

    #[test]
    fn hashes_made_by_the_reference_code_and_with_another_cost_verify() {
        let h = PasswordHasher::new(&settings()).unwrap();
        let mut ws = Workspace::new();
        let ours = h.hash_in(&mut ws, "Xuexin2026").unwrap();
        // The crate's own code verifies ours…
        let parsed = PasswordHash::new(&ours).unwrap();
        use argon2::PasswordVerifier as _;
        assert!(Argon2::default()
            .verify_password(b"Xuexin2026", &parsed)
            .is_ok());
        // …and we verify its hashes, here of a higher (older) cost than configured.
        let older = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(128, 2, 1, None).unwrap(),
        )
        .hash_password(b"Xuexin2026")
        .unwrap()
        .to_string();
        assert!(h.verify_in(&mut ws, "Xuexin2026", &older));
        assert!(!h.verify_in(&mut ws, "Xuexin2027", &older));
        assert_eq!(ws.bytes(), 64 * 1024, "the larger cost is not kept");
    }
}
