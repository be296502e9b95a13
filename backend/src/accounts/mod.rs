//! Student accounts: registration, email activation, login sessions, password reset and change.
//!
//! `routes` parses and authorizes, `service` holds the rules (no HTTP), `store` the queries,
//! `emails` the texts of the messages sent.

pub mod consent;
pub mod emails;
pub mod extract;
pub mod routes;
pub mod service;
pub mod store;

/// Where an account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    /// Registered; the activation link has not been used yet.
    PendingActivation,
    /// The activation link was used; the real-name and phone steps are not finished.
    Activated,
    /// Registration complete: a normal account.
    Active,
    /// Switched off by support.
    Disabled,
    /// Closed by its owner (注销账号). Never stored under this name: a closed account is stored
    /// as `disabled` with `closed_at` set (see the migration `account_closing`).
    Closed,
}

impl AccountStatus {
    /// The stored (and API) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingActivation => "pending_activation",
            Self::Activated => "activated",
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Closed => "closed",
        }
    }

    /// Reads a stored name (`closed` is never stored, so it is not read).
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::PendingActivation,
            Self::Activated,
            Self::Active,
            Self::Disabled,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}
