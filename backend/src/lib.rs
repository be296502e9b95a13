//! Xuexin: the API server of an open higher-education student information portal.
//!
//! [`Application::build`] wires settings, database, routes and middleware into a running server;
//! the binary (`main.rs`) and the black-box tests both start the server through it.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod context;
pub mod corrections;
pub mod db;
pub mod demo;
pub mod dev;
pub mod dossier;
pub mod error;
pub mod health;
pub mod housekeeping;
pub mod http;
pub mod identity;
pub mod images;
pub mod openapi;
pub mod outbox;
pub mod privacy;
pub mod ratelimit;
pub mod records;
pub mod recovery;
pub mod redact;
pub mod rules;
pub mod school;
pub mod secrets;
pub mod staff;
pub mod state;
pub mod storage;
pub mod support;
pub mod telemetry;
pub mod validation;

use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::db::Db;
use crate::state::AppState;

/// A server that is bound to its port and ready to run.
pub struct Application {
    port: u16,
    server: Server,
    hash_pool: auth::hash_pool::HashPool,
}

impl Application {
    /// Connects to the database, applies migrations, binds `APP_LISTEN` and builds the server.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`], with a given clock (tests move it to test expiry).
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        // First, so that a refused start touches no database.
        let addresses = listen_addresses(&config)?;
        let db = Db::connect(
            &config.database_url,
            config.db_pool_size,
            Duration::from_secs(config.db_timeout_secs),
        )?;
        let applied = migrate(&db).await?;
        tracing::info!(
            engine = db.engine(),
            applied = applied.len(),
            "database ready"
        );
        let hasher = Arc::new(auth::password::PasswordHasher::new(&config.auth)?);
        let hash_pool = auth::hash_pool::HashPool::start(
            hasher.clone(),
            config.auth.hash_workers,
            config.auth.hash_queue,
        )
        .context("cannot start the password hashing threads")?;
        tracing::info!(
            workers = hash_pool.workers(),
            queue = hash_pool.queue_capacity(),
            argon2_memory_mib = hash_pool.memory_bound_bytes() / (1024 * 1024),
            "password hashing pool ready"
        );
        let photos: Arc<dyn storage::PhotoStore> =
            Arc::new(storage::ObjectPhotos::from_settings(&config.photos)?);
        let audit_key = Arc::new(secrets::audit_key(&config)?);
        if config.demo_data {
            // Demo staff have published passwords: never outside dev.
            let extras = config.is_dev().then(|| DemoExtras {
                hasher: hasher.clone(),
                photos: photos.clone(),
                audit_key: audit_key.clone(),
            });
            load_demo_data(&db, clock.now(), extras).await?;
        }
        let secret = secrets::jwt_secret(&config)?;
        let jwt = Arc::new(auth::jwt::JwtKeys::new(secret.expose())?);
        let code_key = Arc::new(auth::tokens::hash(&format!(
            "sms-code-key:{}",
            secret.expose()
        )));
        let transports = Arc::new(outbox::transport::Transports::from_config(&config)?);
        let outbox_wakeup = Arc::new(tokio::sync::Notify::new());
        outbox::worker::Worker {
            db: db.clone(),
            clock: clock.clone(),
            transports,
            settings: config.outbox.clone(),
            wakeup: outbox_wakeup.clone(),
        }
        .spawn();
        housekeeping::Housekeeping {
            db: db.clone(),
            clock: clock.clone(),
            photos: photos.clone(),
            audit_key: audit_key.clone(),
            redact_after_hours: config.outbox.redact_after_hours,
            retention: config.retention.clone(),
        }
        .spawn();

        let listener = TcpListener::bind(&addresses[..])
            .with_context(|| format!("cannot listen on {} (APP_LISTEN)", config.listen))?;
        let port = listener.local_addr()?.port();
        let workers = config.workers;
        let state = web::Data::new(AppState {
            config: Arc::new(config),
            db,
            clock,
            jwt,
            code_key,
            hash_pool: hash_pool.clone(),
            audit_key,
            outbox_wakeup,
            photos,
        });
        let doc = openapi::document();
        let known_routes = web::Data::new(http::known_routes::KnownRoutes::from_openapi(&doc));
        // The HTTP layer reads its settings from app data of their own, not from the state.
        let settings = web::Data::from(state.config.clone());
        let header_settings = web::Data::new(http::security_headers::HeaderSettings::new(
            &state.config.public_url,
            dev::routes::MAILBOX_CSS,
        ));

        let mut server = HttpServer::new(move || {
            let config = state.config.clone();
            let (app, _) = App::new()
                .app_data(state.clone())
                .app_data(known_routes.clone())
                .app_data(settings.clone())
                .app_data(header_settings.clone())
                .configure(|cfg| http::extractors::configure(cfg, config.json_limit_bytes))
                .into_utoipa_app()
                .configure(openapi::register)
                .split_for_parts();
            app.route("/docs", web::get().to(docs_redirect))
                .configure(|cfg| {
                    if config.is_dev() {
                        cfg.route("/dev/mailbox", web::get().to(dev::routes::mailbox));
                    }
                })
                .service(SwaggerUi::new("/docs/{_:.*}").url("/api-docs/openapi.json", doc.clone()))
                .service(web::scope("/api").default_service(web::to(api_not_found)))
                .configure(|cfg| http::spa::configure(cfg, &config.spa_dir))
                .wrap(from_fn(http::problem::finalize))
                .wrap(from_fn(http::request_id::assign))
                .wrap(http::cors::layer(&config.cors_origins))
                // Outside CORS, so that its preflight and refusal answers carry them too.
                .wrap(from_fn(http::security_headers::apply))
                // Outermost, so it compresses the final bodies (problem bodies are rewritten inside).
                .wrap(Compress::default())
        })
        .listen(listener)?;
        if let Some(n) = workers {
            server = server.workers(n);
        }
        Ok(Self {
            port,
            server: server.run(),
            hash_pool,
        })
    }

    /// The port the server listens on (useful with `APP_LISTEN=127.0.0.1:0`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The password hashing pool the server uses (tests read its counters).
    pub fn hash_pool(&self) -> auth::hash_pool::HashPool {
        self.hash_pool.clone()
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM), then drains in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The addresses `APP_LISTEN` stands for, once none of them is one that dev mode may not serve
/// on (a host name is judged by every address it resolves to).
fn listen_addresses(config: &Config) -> anyhow::Result<Vec<SocketAddr>> {
    let addresses: Vec<SocketAddr> = config
        .listen
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {} (APP_LISTEN)", config.listen))?
        .collect();
    match addresses
        .iter()
        .find_map(|address| config.listen_refusal(address.ip()))
    {
        Some(refusal) => Err(config::ConfigError {
            heading: "APP_ENV=dev refuses to listen on a public address:".into(),
            problems: vec![refusal],
        }
        .into()),
        None => Ok(addresses),
    }
}

/// What only dev's demo has: staff accounts with published passwords, and photos.
pub struct DemoExtras {
    pub hasher: Arc<auth::password::PasswordHasher>,
    pub photos: Arc<dyn storage::PhotoStore>,
    /// Links the audit events of the demo staff accounts' creation.
    pub audit_key: Arc<audit::AuditKey>,
}

/// Plants the demo on a first start, into a database that holds no accounts, no staff and no
/// records (with `extras`, the demo staff accounts and photos too), and logs the identities a
/// newcomer can register with. Returns whether it loaded.
pub async fn load_demo_data(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
    extras: Option<DemoExtras>,
) -> anyhow::Result<bool> {
    let staff_keys = extras
        .as_ref()
        .map(|e| (e.hasher.clone(), e.audit_key.clone()));
    let loaded = db
        .run(move |conn| {
            demo::load_into_empty_database(
                conn,
                db::timestamp(now),
                staff_keys.as_ref().map(|(h, k)| (&**h, &**k)),
            )
            .map_err(crate::error::AppError::internal)
        })
        .await
        .map_err(|e| anyhow::anyhow!("loading demo data failed: {e}"))?;
    if !loaded {
        tracing::info!("the database already holds data: no demo data loaded");
        return Ok(false);
    }
    if let Some(extras) = extras {
        demo::photos::load(db, extras.photos.as_ref(), db::timestamp(now))
            .await
            .map_err(|e| anyhow::anyhow!("loading demo photos failed: {e}"))?;
    }
    tracing::info!(
        "demo data loaded: 6 schools, {} students",
        demo::NAMED.len() as u32 + demo::EXTRA_STUDENTS
    );
    for (name, id_number, what) in demo::named_people() {
        tracing::info!(%name, %id_number, "demo identity: {what}");
    }
    Ok(true)
}

/// Applies pending migrations on the blocking pool and returns the versions applied.
pub async fn migrate(db: &Db) -> anyhow::Result<Vec<String>> {
    let db = db.clone();
    actix_web::rt::task::spawn_blocking(move || {
        // Operators need the driver's own words here (wrong password, no such database…).
        let mut conn = db.get().map_err(|e| {
            let why = e
                .cause()
                .map_or_else(|| e.to_string(), |c| format!("{c:#}"));
            anyhow::anyhow!("cannot connect to the database: {}", why.trim())
        })?;
        db::migrations::run_pending(&mut conn)
    })
    .await
    .context("the migration task panicked")?
}

/// Unknown paths under `/api` are a problem+json 404 (or 405), never the SPA's page.
async fn api_not_found(
    req: actix_web::HttpRequest,
) -> Result<actix_web::HttpResponse, error::AppError> {
    Err(http::spa::unmatched(&req))
}

/// `/docs` without the slash: the Swagger UI's relative asset paths need it.
async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header(("Location", "/docs/"))
        .finish()
}
