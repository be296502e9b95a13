//! The `object_store` backend of [`PhotoStore`]: a local directory by default, an S3-compatible
//! bucket when configured.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use super::PhotoStore;
use crate::config::{PhotoSettings, PhotoStoreKind};

/// A [`PhotoStore`] over any `object_store` backend.
pub struct ObjectPhotos(Arc<dyn ObjectStore>);

impl ObjectPhotos {
    /// The store the settings choose.
    pub fn from_settings(s: &PhotoSettings) -> anyhow::Result<Self> {
        let inner: Arc<dyn ObjectStore> = match s.store {
            PhotoStoreKind::Local => {
                std::fs::create_dir_all(&s.dir).map_err(|e| {
                    anyhow::anyhow!("cannot create the photo directory {}: {e}", s.dir.display())
                })?;
                Arc::new(object_store::local::LocalFileSystem::new_with_prefix(
                    &s.dir,
                )?)
            }
            PhotoStoreKind::S3 => {
                let mut b = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(s.s3_bucket.clone().unwrap_or_default())
                    .with_region(&s.s3_region);
                if let Some(endpoint) = &s.s3_endpoint {
                    b = b
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                if let (Some(id), Some(secret)) = (&s.s3_access_key_id, &s.s3_secret_access_key) {
                    b = b
                        .with_access_key_id(id)
                        .with_secret_access_key(secret.expose());
                }
                Arc::new(b.build()?)
            }
        };
        Ok(Self(inner))
    }

    /// A store in memory (tests).
    pub fn in_memory() -> Self {
        Self(Arc::new(object_store::memory::InMemory::new()))
    }
}

impl PhotoStore for ObjectPhotos {
    fn put<'a>(&'a self, key: &'a str, bytes: Bytes) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            self.0
                .put(&Path::from(key), PutPayload::from_bytes(bytes))
                .await?;
            Ok(())
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<Bytes>> {
        Box::pin(async move { Ok(self.0.get(&Path::from(key)).await?.bytes().await?) })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            match self.0.delete(&Path::from(key)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(e.into()),
            }
        })
    }
}
