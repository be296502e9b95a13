//! The photo store: where photo bytes live (a local directory or an S3-compatible bucket, see
//! [`object`]). Metadata lives in the database; the bytes are always written before their row, so
//! a crash leaves at worst a stray file, never a row without its photo. A platform piece, so that
//! the shared state can hold it without knowing what the photos are for.

pub mod object;

use bytes::Bytes;
use futures_util::future::BoxFuture;

use crate::error::{AppError, Text};

pub use object::ObjectPhotos;

/// Keeps and hands back photo bytes by key.
pub trait PhotoStore: Send + Sync {
    /// Stores `bytes` under `key`, replacing what was there.
    fn put<'a>(&'a self, key: &'a str, bytes: Bytes) -> BoxFuture<'a, anyhow::Result<()>>;
    /// The bytes under `key`.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<Bytes>>;
    /// Removes `key` (nothing happens when it is already gone).
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<()>>;
}

/// 503 when the photo store cannot take or give bytes.
pub fn unavailable(e: anyhow::Error) -> AppError {
    AppError::new(
        actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
        "photo_store_unavailable",
        Text::new(
            "照片存储暂时不可用，请稍后重试；已保存的照片不受影响。",
            "The photo store is unavailable; try again later. Photos already stored are kept.",
        ),
    )
    .with_cause(e)
}

/// The bytes under `key`, or 503 when the store cannot give them.
pub async fn read(photos: &dyn PhotoStore, key: &str) -> Result<Bytes, AppError> {
    photos.get(key).await.map_err(unavailable)
}
