//! The school's 在校生 module: find the school's students, run qualification checks (学籍资格清查)
//! and revoke duplicate enrollments. Corrections go through [`crate::corrections`].

pub mod routes;
pub mod service;
