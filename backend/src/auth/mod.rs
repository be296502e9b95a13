//! Authentication: password hashing (always on the bounded [`hash_pool`]), opaque one-time
//! tokens, JWTs, the session limits, the staff roles and scopes, and who a request's caller is
//! (`CurrentUser`, `StaffUser`, `Authorized<Policy>` for staff of the admitted roles). Loading a
//! caller's session is the job of the capability that owns it (`accounts::extract`,
//! `staff::extract`); handlers never read headers or compare roles.

pub mod authorize;
pub mod extract;
pub mod hash_pool;
pub mod jwt;
pub mod login_guard;
pub mod password;
pub mod role;
pub mod session_limits;
pub mod tokens;
pub mod totp;

pub use authorize::{Authorized, Scope};
pub use extract::{CurrentUser, StaffUser};
pub use role::Role;
