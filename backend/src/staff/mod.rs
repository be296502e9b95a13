//! Staff accounts: one role each, scoped to a school or a province where the role needs one.
//! Created by a platform admin (or `xuexin staff create`); they log in to a staff session.

pub mod admin_routes;
pub mod extract;
pub mod routes;
pub mod security;
pub mod security_routes;
pub mod service;
pub mod session_routes;
pub mod sessions;
pub mod store;

pub use crate::auth::Role;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a staff member must still do before their token admits anything but the setup steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    /// Choose their own password (the account was made with one someone else knows).
    Password,
    /// Enrol a TOTP second factor (required for the role).
    SecondFactor,
}

impl SetupStep {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SetupStep::Password => "password",
            SetupStep::SecondFactor => "second_factor",
        }
    }
}

/// The setup steps `staff` has left, in order; `totp_required` is `APP_STAFF_TOTP_REQUIRED`.
pub fn setup_remaining(staff: &store::Staff, totp_required: bool) -> Vec<SetupStep> {
    let mut left = Vec::new();
    if staff.must_change_password {
        left.push(SetupStep::Password);
    }
    let role_needs = Role::parse(&staff.role).is_some_and(Role::needs_second_factor);
    if totp_required && role_needs && staff.totp_secret.is_none() {
        left.push(SetupStep::SecondFactor);
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role, must_change: bool, enrolled: bool) -> store::Staff {
        store::Staff {
            id: "s".into(),
            email: "s@example.cn".into(),
            password_hash: String::new(),
            role: role.as_str().into(),
            school_code: None,
            province_code: None,
            created_at: chrono::NaiveDateTime::default(),
            disabled_at: None,
            must_change_password: must_change,
            totp_secret: enrolled.then(|| "sealed".into()),
            totp_pending_secret: None,
            totp_enrolled_at: None,
            totp_last_step: None,
        }
    }

    #[test]
    fn admins_and_support_must_enrol_when_required_and_others_never() {
        use SetupStep::*;
        assert_eq!(
            setup_remaining(&staff(Role::PlatformAdmin, true, false), true),
            [Password, SecondFactor]
        );
        assert_eq!(
            setup_remaining(&staff(Role::Support, false, false), true),
            [SecondFactor]
        );
        assert_eq!(
            setup_remaining(&staff(Role::Support, false, true), true),
            []
        );
        assert_eq!(
            setup_remaining(&staff(Role::PlatformAdmin, false, false), false),
            []
        );
        assert_eq!(
            setup_remaining(&staff(Role::SchoolAdmin, false, false), true),
            []
        );
        assert_eq!(
            setup_remaining(&staff(Role::ImageOperator, true, false), true),
            [Password]
        );
    }
}
