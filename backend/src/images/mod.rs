//! Image collation (图像校对): photo batches from the photo agency, the photo store, linking
//! photos to enrollment records, students' "没照片，找找看" and reports, and the school's module.

pub mod batch;
pub mod catalog;
pub mod collation;
pub mod demo;
pub mod photo;
pub mod routes;
pub mod service;
pub mod store;
pub mod student_routes;
pub mod sweep;
pub mod upload;
pub mod views;
