//! Black-box test harness: starts the real server on a random port against a fresh database,
//! SQLite always and PostgreSQL when `TEST_DATABASE_URL` is set, and talks to it over HTTP.
//!
//! Write API tests with [`api_test!`]; each becomes one test per engine.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use diesel::{Connection, PgConnection, RunQueryDsl};

pub mod flows;
pub mod smtp;
use xuexin::clock::ManualClock;
use xuexin::config::Config;
use xuexin::db::Db;

/// The database engine a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub engine: Engine,
    /// A client that follows no redirects and uses no proxy.
    pub client: reqwest::Client,
    /// A pool on the same database, for checking what was stored.
    pub db: Db,
    /// The server's clock; move it instead of sleeping.
    pub clock: Arc<ManualClock>,
    /// The server's password hashing pool: its counters show whether a request hashed, and a
    /// test can occupy its workers.
    pub hash_pool: xuexin::auth::hash_pool::HashPool,
    /// The folder holding the SQLite file, the data dir and a stand-in SPA.
    pub dir: tempfile::TempDir,
    pg: Option<PgDatabase>,
    settings: HashMap<String, String>,
}

/// Whether the PostgreSQL runs are required (under CI) rather than skipped when not configured.
fn postgres_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The base URL of the PostgreSQL server for tests, if configured.
pub fn postgres_base_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(url) => Some(url),
        None if postgres_required() => panic!(
            "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run is mandatory under CI"
        ),
        None => {
            eprintln!("skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to run on PostgreSQL");
            tally("skipped");
            None
        }
    }
}

/// Counts one test run on `what` (`sqlite`, `postgres` or `skipped`) in the file named by
/// `XUEXIN_TEST_TALLY`, one line each, for the summary at the end of `make test`: cargo hides what
/// passing tests print, so a skipped PostgreSQL run would otherwise look like a pass.
pub fn tally(what: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os("XUEXIN_TEST_TALLY") else {
        return;
    };
    // One short append per line: lines from parallel tests and test binaries do not interleave.
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(format!("{what}\n").as_bytes()));
    if let Err(e) = written {
        panic!("cannot count the test in {}: {e}", path.to_string_lossy());
    }
}

/// A database created for one test and dropped when the test ends.
pub struct PgDatabase {
    admin_url: String,
    name: String,
    /// The URL of the new database.
    pub url: String,
}

impl PgDatabase {
    /// Creates a fresh, empty database on the server at `admin_url`.
    pub fn create(admin_url: &str) -> Self {
        let name = format!("xuexin_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL: {e}"));
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("create test database");
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("TEST_DATABASE_URL ends with /DBNAME");
        let base = base.to_owned();
        let query = admin_url
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        Self {
            admin_url: admin_url.to_owned(),
            url: format!("{base}/{name}{query}"),
            name,
        }
    }

    /// Drops the database now, disconnecting whoever is still on it.
    pub fn drop_now(&self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Blocking I/O off the async runtime's threads.
        std::thread::spawn(move || {
            if let Ok(mut conn) = PgConnection::establish(&admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        })
        .join()
        .ok();
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        self.drop_now();
    }
}

/// The stand-in SPA the tests serve: enough to check static files and the client-route fallback.
pub const TEST_INDEX_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><body><div id=\"root\">test-spa</div></body></html>";

impl TestApp {
    /// Starts a server on a fresh database of `engine`; `None` when PostgreSQL is not configured
    /// (outside CI, where it is required).
    pub async fn spawn(engine: Engine) -> Option<Self> {
        Self::spawn_with(engine, &[]).await
    }

    /// Like [`TestApp::spawn`], with extra settings (`APP_*` name → value).
    pub async fn spawn_with(engine: Engine, settings: &[(&str, &str)]) -> Option<Self> {
        if std::env::var("TEST_LOG").is_ok() {
            xuexin::telemetry::init("info,xuexin=debug", xuexin::config::LogFormat::Text);
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let spa = dir.path().join("spa");
        std::fs::create_dir_all(spa.join("assets")).unwrap();
        std::fs::write(spa.join("index.html"), TEST_INDEX_HTML).unwrap();
        std::fs::write(spa.join("assets/app.js"), "console.log('xuexin')").unwrap();

        let (database_url, pg) = match engine {
            Engine::Sqlite => (
                format!("sqlite://{}", dir.path().join("xuexin.db").display()),
                None,
            ),
            Engine::Postgres => {
                let base = postgres_base_url()?;
                let db = PgDatabase::create(&base);
                (db.url.clone(), Some(db))
            }
        };
        tally(match engine {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        });
        let mut vars: HashMap<String, String> = [
            ("DATABASE_URL", database_url.as_str()),
            ("APP_LISTEN", "127.0.0.1:0"),
            ("APP_ENV", "dev"),
            ("APP_DATA_DIR", &dir.path().join("data").to_string_lossy()),
            ("APP_SPA_DIR", &spa.to_string_lossy()),
            ("APP_DEMO_DATA", "false"),
            ("APP_WORKERS", "2"),
            ("APP_DB_POOL_SIZE", "4"),
            // Cheap hashing and a quick outbox keep the suite fast; production cost is the default.
            ("APP_ARGON2_MEMORY_KIB", "1024"),
            ("APP_ARGON2_ITERATIONS", "1"),
            ("APP_OUTBOX_POLL_MS", "50"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in settings {
            vars.insert(k.to_string(), v.to_string());
        }
        let config =
            Config::from_lookup(&|k| vars.get(k).cloned()).expect("test settings are valid");
        let db = Db::connect(&config.database_url, 2, std::time::Duration::from_secs(5)).unwrap();
        let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
        let (address, hash_pool) = start_server(config, clock.clone()).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap();
        Some(Self {
            address,
            engine,
            client,
            db,
            clock,
            hash_pool,
            dir,
            pg,
            settings: vars,
        })
    }

    /// Starts another server on the same database and clock (a second instance behind a load
    /// balancer, or the same service after a restart); returns its address.
    pub async fn another_instance(&self) -> String {
        self.another_instance_with(&[]).await
    }

    /// Like [`TestApp::another_instance`], with some settings changed (e.g. a restart with
    /// `APP_DEMO_DATA=true`).
    pub async fn another_instance_with(&self, settings: &[(&str, &str)]) -> String {
        let mut vars = self.settings.clone();
        for (k, v) in settings {
            vars.insert(k.to_string(), v.to_string());
        }
        let config =
            Config::from_lookup(&|k| vars.get(k).cloned()).expect("test settings are valid");
        start_server(config, self.clock.clone()).await.0
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    /// A request with `Authorization: Bearer token`.
    pub fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// Drops the PostgreSQL database under the running server (to test outages).
    pub fn drop_database(&self) {
        self.pg
            .as_ref()
            .expect("only PostgreSQL databases can be dropped")
            .drop_now();
    }

    /// The key the server links audit events with (generated into its data dir, as in dev).
    pub fn audit_key(&self) -> xuexin::audit::AuditKey {
        let config = Config::from_lookup(&|k| self.settings.get(k).cloned())
            .expect("test settings are valid");
        xuexin::secrets::audit_key(&config).expect("the server made its audit key")
    }

    /// Where the stand-in SPA lives.
    pub fn spa_dir(&self) -> PathBuf {
        self.dir.path().join("spa")
    }
}

async fn start_server(
    config: Config,
    clock: Arc<ManualClock>,
) -> (String, xuexin::auth::hash_pool::HashPool) {
    let app = xuexin::Application::build_with_clock(config, clock)
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let hash_pool = app.hash_pool();
    tokio::spawn(app.run_until_stopped());
    (address, hash_pool)
}

/// Polls `check` every 25 ms until it holds, for at most 30 s (generous for a loaded machine: a
/// passing test returns as soon as the condition holds, so only a failing one waits that long).
pub async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("timed out waiting until {what}");
}

/// Reads a response as a problem+json body, checking its media type and status.
pub async fn problem(res: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(res.status().as_u16(), status, "unexpected status");
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    let body: serde_json::Value = res.json().await.expect("a JSON body");
    assert_eq!(body["status"], status);
    assert!(body["code"].is_string(), "problem without code: {body}");
    assert!(body["detail"].is_string(), "problem without detail: {body}");
    body
}

/// Defines an API test that runs once on SQLite and once on PostgreSQL:
/// `api_test!(async fn name(app) { ... });` gives `name::sqlite` and `name::postgres`.
///
/// `api_test!(with &[("APP_…", "…")], async fn name(app) { ... })` starts both with extra settings.
#[macro_export]
macro_rules! api_test {
    (with $settings:expr, $(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::TestApp::spawn_with($crate::Engine::Sqlite, $settings).await.unwrap();
                $body
            }

            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($app) = $crate::TestApp::spawn_with($crate::Engine::Postgres, $settings).await else { return };
                $body
            }
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::TestApp::spawn($crate::Engine::Sqlite).await.unwrap();
                $body
            }

            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($app) = $crate::TestApp::spawn($crate::Engine::Postgres).await else { return };
                $body
            }
        }
    };
}
