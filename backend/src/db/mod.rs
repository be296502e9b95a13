//! Storage: one diesel connection type over SQLite and PostgreSQL, pooled with r2d2.
//!
//! The `DATABASE_URL` scheme picks the engine. Queries are synchronous diesel calls, so handlers
//! run them through [`Db::run`], which moves them onto actix's blocking thread pool.

pub mod like;
pub mod migrations;
pub mod page;
pub mod schema;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, ConnectionError, PgConnection, SqliteConnection};

use crate::error::AppError;

/// A connection to either engine; diesel generates the dispatch.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// The query backend of [`DbConnection`], for boxed queries built before they run.
pub type Backend = <DbConnection as Connection>::Backend;

/// The parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path/to/file.db` (relative paths are relative to the working directory).
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`, handed to libpq as is.
    Postgres(String),
}

/// A `DATABASE_URL` whose scheme names no supported engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedUrl(String);

impl fmt::Display for UnsupportedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is neither sqlite://PATH nor postgres://USER@HOST/DB",
            redact_password(&self.0)
        )
    }
}

impl std::error::Error for UnsupportedUrl {}

impl DatabaseUrl {
    /// Recognises `sqlite://`, `sqlite:`, `postgres://` and `postgresql://` URLs.
    pub fn parse(url: &str) -> Result<Self, UnsupportedUrl> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"));
        match path {
            Some(p) if !p.is_empty() => Ok(Self::Sqlite(PathBuf::from(p))),
            _ => Err(UnsupportedUrl(url.to_owned())),
        }
    }

    /// The engine's name, for logs and the health answer.
    pub fn engine(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Hides the password of a `postgres://user:password@host` URL before it is logged.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Opens connections for r2d2, choosing the engine from the URL and reporting its real errors
/// (diesel's derived `establish` tries every engine and hides why each one failed).
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

/// SQLite settings applied to every new connection: WAL lets readers run beside the writer,
/// the busy timeout makes concurrent writers wait instead of failing, and foreign keys are off
/// by default in SQLite.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConnection, ConnectionError> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => Ok(DbConnection::Pg(PgConnection::establish(url)?)),
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    /// Checked when a connection goes back to the pool, instead of a `SELECT 1` on every
    /// checkout: libpq marks a connection whose server went away (outage, restart, a terminated
    /// backend) and diesel reads that mark, so the first query that failed on it gets it thrown
    /// away and the pool opens a fresh one. A connection left inside a transaction (a panic) is
    /// thrown away too.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// A pooled connection.
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// The connection pool, cheap to clone, shared by every worker.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<ConnectionManager>,
    url: DatabaseUrl,
}

impl Db {
    /// Builds the pool without opening a connection yet; for SQLite, creates the file's folder.
    pub fn connect(url: &str, size: u32, timeout: Duration) -> anyhow::Result<Self> {
        let url = DatabaseUrl::parse(url)?;
        if let DatabaseUrl::Sqlite(path) = &url {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    anyhow::anyhow!("cannot create the database folder {}: {e}", dir.display())
                })?;
            }
        }
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(0))
            .connection_timeout(timeout)
            // No round trip before every query; broken connections are caught by `has_broken`.
            .test_on_check_out(false)
            .build_unchecked(ConnectionManager { url: url.clone() });
        Ok(Self { pool, url })
    }

    /// Which engine this pool talks to.
    pub fn engine(&self) -> &'static str {
        self.url.engine()
    }

    /// Takes a connection, waiting at most the pool's timeout; used by blocking code (CLI, startup).
    pub fn get(&self) -> Result<PooledConnection, AppError> {
        self.pool.get().map_err(AppError::database_unavailable)
    }

    /// Takes a connection, waiting at most `timeout`.
    pub fn get_within(&self, timeout: Duration) -> Result<PooledConnection, AppError> {
        self.pool
            .get_timeout(timeout)
            .map_err(AppError::database_unavailable)
    }

    /// Runs `f` with a pooled connection on the blocking thread pool, so the async workers keep
    /// serving other requests while the query runs.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || {
            let mut conn = db.get()?;
            f(&mut conn)
        })
        .await
        .map_err(AppError::internal)?
    }
}

impl Db {
    /// True when a connection can be had within `timeout` and answers a query that reads the
    /// database itself (for SQLite, `SELECT 1` alone would not touch the file).
    pub async fn ping(&self, timeout: Duration) -> bool {
        let db = self.clone();
        let result = actix_web::web::block(move || -> Result<(), AppError> {
            let mut conn = db.get_within(timeout)?;
            conn.batch_execute("SELECT version FROM __diesel_schema_migrations LIMIT 1")
                .map_err(AppError::from)
        })
        .await;
        match result {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "database health check failed");
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "database health check could not run");
                false
            }
        }
    }
}

/// The database form of an instant: UTC without zone, truncated to microseconds so that both
/// engines store and return exactly the same value.
pub fn timestamp(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Timelike};
    let t = at.naive_utc();
    t.with_nanosecond(t.nanosecond() / 1000 * 1000)
        .unwrap_or_else(|| t.trunc_subsecs(6))
}

/// An instant read back from the database, as UTC.
pub fn utc(at: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_naive_utc_and_offset(at, chrono::Utc)
}

/// Runs `f` in a transaction that may write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`): a deferred transaction that read first cannot upgrade to a writer once
/// another connection has written, and would fail at once instead of waiting its turn. Inside a
/// transaction that is already open it becomes a savepoint (the outer one holds the lock).
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let nested = match conn {
        DbConnection::Sqlite(lite) => in_transaction(lite),
        DbConnection::Pg(_) => true,
    };
    if nested {
        return conn.transaction(f);
    }
    if let DbConnection::Sqlite(lite) = conn {
        AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn);
    let DbConnection::Sqlite(lite) = conn else {
        unreachable!("checked above")
    };
    match result {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(lite)?;
            Ok(value)
        }
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(lite)?;
            Err(e)
        }
    }
}

/// Whether the SQLite connection is inside a transaction already.
fn in_transaction(lite: &mut SqliteConnection) -> bool {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    AnsiTransactionManager::transaction_manager_status_mut(lite)
        .transaction_depth()
        .ok()
        .flatten()
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without a ping on checkout, a connection whose server went away must still leave the
    /// pool after the query that found it dead, or a pool of one would fail for ever.
    #[test]
    fn a_connection_whose_backend_was_terminated_is_replaced() {
        let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
            return;
        };
        let db = Db::connect(&url, 1, Duration::from_secs(5)).unwrap();
        let name = format!("xuexin-pool-test-{}", uuid::Uuid::new_v4().simple());
        db.get()
            .unwrap()
            .batch_execute(&format!("SET application_name = '{name}'"))
            .unwrap();
        let mut killer = PgConnection::establish(&url).unwrap();
        killer
            .batch_execute(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE application_name = '{name}'"
            ))
            .unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let first = db.get().unwrap().batch_execute("SELECT 1");
        assert!(first.is_err(), "the terminated connection was handed out");
        db.get()
            .unwrap()
            .batch_execute("SELECT 1")
            .expect("the pool replaced the broken connection");
    }
}
