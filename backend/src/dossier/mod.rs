//! A record with what is shown beside it: its linked photo and a pending correction. The
//! student's record cards (`GET /me/enrollments`, `/me/degrees`) and the school's record views
//! read records through here, as records themselves know nothing of photos or corrections.

pub mod routes;
pub mod service;
pub mod store;
pub mod views;
