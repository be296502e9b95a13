//! The support desk: find student accounts, correct the real-name details a student typed,
//! detach an ID number held by the wrong account, lift a lockout, resend the activation email.
//! "When a student cannot find their records", case 1, in PRODUCT.md. Every action is audited.

pub mod routes;
pub mod service;
