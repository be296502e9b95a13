//! Enrollment (学籍) and degree (学历) records: the records themselves and their rules, the
//! bulk import that writes them, online verification reports anyone can check with a code, and
//! the public degree check. What the student and staff see beside a record (its photo, a pending
//! correction) is [`crate::dossier`]'s.

pub mod cells;
pub mod degree;
pub mod enrollment;
pub mod import;
pub mod import_routes;
pub mod routes;
pub mod school_row;
pub mod service;
pub mod store;
pub mod views;

/// The line counting of CSV files, where the photo agency's manifests read it too.
pub use import::lines as csv_lines;
