//! Corrections of enrollment records (学籍更正): the school proposes, the provincial reviewer
//! approves or rejects. "When a student cannot find their records", case 2, in PRODUCT.md.

pub mod fields;
pub mod routes;
pub mod service;
pub mod store;
