//! Enrollment (学籍) and degree (学历) records: the student's own records, online verification
//! reports anyone can check with a code, and the public degree check.

pub mod csv_lines;
pub mod import;
pub mod import_routes;
pub mod routes;
pub mod service;
pub mod store;
