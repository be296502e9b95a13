//! Authentication: password hashing, opaque one-time tokens, JWTs, and the extractors that every
//! protected handler uses (`CurrentUser` for a logged-in student, `RegistrationUser` for an
//! unfinished registration). This is the one authorization layer: handlers never read headers.

pub mod extract;
pub mod jwt;
pub mod login_guard;
pub mod password;
pub mod tokens;

pub use extract::{CurrentUser, RegistrationUser, StaffUser};
