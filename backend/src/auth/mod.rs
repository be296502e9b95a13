//! Authentication: password hashing (always on the bounded [`hash_pool`]), opaque one-time
//! tokens, JWTs, and the extractors that every protected handler uses (`CurrentUser` for a logged-in student, `RegistrationUser` for an
//! unfinished registration, `Authorized<Policy>` for staff of the admitted roles) and the staff
//! scopes. This is the one authorization layer: handlers never read headers or compare roles.

pub mod authorize;
pub mod extract;
pub mod hash_pool;
pub mod jwt;
pub mod login_guard;
pub mod password;
pub mod tokens;
pub mod totp;

pub use authorize::{Authorized, Scope};
pub use extract::{CurrentUser, CurrentUserAnyConsent, RegistrationUser, StaffInSetup, StaffUser};
