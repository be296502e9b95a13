//! Which privacy notice (《个人信息保护说明》) is in force and whether an account agreed to it.
//! It sits with the accounts because every student request checks it; `privacy` re-exports it.

use crate::error::{FieldError, Text};

/// The version of the privacy notice (《个人信息保护说明》) in force. Changing it asks every
/// student to agree again at their next login; the SPA's notice page must show the same version
/// (a test compares them).
pub const NOTICE_VERSION: &str = "2026-12-03";

/// The day the notice in force was published (`YYYY-MM-DD`).
pub const NOTICE_PUBLISHED_ON: &str = "2026-12-03";

/// Whether an account that agreed to `version` has agreed to the notice in force.
pub fn is_current(version: Option<&str>) -> bool {
    version == Some(NOTICE_VERSION)
}

/// Checks a consent sent by the client: present, and to the notice in force.
pub fn check_version(version: Option<&str>, field: &'static str) -> Result<(), FieldError> {
    match version.map(str::trim).filter(|v| !v.is_empty()) {
        None => Err(FieldError::new(
            field,
            "consent_missing",
            Text::new(
                "请阅读并勾选同意《个人信息保护说明》。",
                "Read and agree to the privacy notice.",
            ),
        )),
        Some(v) if v == NOTICE_VERSION => Ok(()),
        Some(_) => Err(FieldError::new(
            field,
            "consent_version_stale",
            Text::new(
                format!("《个人信息保护说明》已更新为 {NOTICE_VERSION} 版，请阅读新版后再同意。"),
                format!(
                    "The privacy notice is now version {NOTICE_VERSION}; read it and agree again."
                ),
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_version_in_force_is_a_consent() {
        assert!(check_version(Some(NOTICE_VERSION), "v").is_ok());
        assert!(check_version(Some(&format!(" {NOTICE_VERSION} ")), "v").is_ok());
        assert_eq!(
            check_version(None, "v").unwrap_err().code,
            "consent_missing"
        );
        assert_eq!(
            check_version(Some(""), "v").unwrap_err().code,
            "consent_missing"
        );
        assert_eq!(
            check_version(Some("2020-01-01"), "v").unwrap_err().code,
            "consent_version_stale"
        );
        assert!(is_current(Some(NOTICE_VERSION)));
        assert!(!is_current(None) && !is_current(Some("2020-01-01")));
    }

    /// The SPA's notice page shows its own copy of the version; they must agree, or the page a
    /// student reads is not the notice they are recorded as agreeing to.
    #[test]
    fn the_spa_notice_shows_the_version_in_force() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../frontend/src/features/privacy/lib/notice-version.ts"
        );
        let source = std::fs::read_to_string(path).expect("the SPA's notice version file");
        assert!(
            source.contains(&format!("NOTICE_VERSION = '{NOTICE_VERSION}'")),
            "{path} must declare NOTICE_VERSION = '{NOTICE_VERSION}'"
        );
        assert!(
            source.contains(&format!("NOTICE_PUBLISHED_ON = '{NOTICE_PUBLISHED_ON}'")),
            "{path} must declare NOTICE_PUBLISHED_ON = '{NOTICE_PUBLISHED_ON}'"
        );
    }
}
