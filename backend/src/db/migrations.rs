//! Embedded migrations, one folder per engine with the same migration names in both.

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConnection;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies every pending migration and returns the versions it applied, oldest first.
pub fn run_pending(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES),
    }
    .map_err(|e| anyhow::anyhow!("applying database migrations failed: {e}"))?;
    Ok(applied.into_iter().map(|v| v.to_string()).collect())
}
