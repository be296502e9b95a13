//! Image collation (图像校对): photo batches from the photo agency, linking photos to enrollment
//! records, students' "没照片，找找看" and reports, and the school's module. The bytes live in
//! [`crate::storage`]; the rows in [`store`].

pub mod batch;
pub mod collation;
pub mod photo;
pub mod routes;
pub mod service;
pub mod store;
pub mod student_routes;
pub mod sweep;
pub mod upload;
pub mod views;

use crate::error::{AppError, Text};

/// 422 for a request that was understood but cannot be done as asked (not a field's fault).
// Here until `crate::error` offers a 422 constructor that does not take actix's status type:
// the services of this module stay free of actix.
pub(crate) fn unprocessable(code: &'static str, detail: Text) -> AppError {
    AppError::new(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        code,
        detail,
    )
}
