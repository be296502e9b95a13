//! Removes the bytes of deleted photos from the photo store, after their rows say so: a row is
//! never without its bytes while it is live, and a deleted row keeps its audit trail.

use chrono::{DateTime, Utc};

use super::store;
use crate::db::{timestamp, Db};
use crate::error::AppError;
use crate::storage::PhotoStore;

/// Deletes the bytes of up to 500 deleted photos; returns how many were removed.
pub async fn sweep(
    db: &Db,
    photos: &dyn PhotoStore,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let due = db.run(|conn| Ok(store::awaiting_sweep(conn, 500)?)).await?;
    let mut removed = 0;
    for (id, key) in due {
        photos.delete(&key).await.map_err(AppError::internal)?;
        let at = timestamp(now);
        db.run(move |conn| Ok(store::mark_swept(conn, &id, at)?))
            .await?;
        removed += 1;
    }
    Ok(removed)
}
