//! The command line of the `xuexin` binary.

use clap::{Parser, Subcommand, ValueEnum};

/// The settings, listed in `--help` so an operator needs no other document.
const SETTINGS_HELP: &str = "\
Settings (environment variables; a .env file in the working directory is read too):
  DATABASE_URL          sqlite://PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DB   [sqlite://data/xuexin.db]
  APP_LISTEN            address to serve on                                     [127.0.0.1:8080]
  APP_ENV               dev or production                                       [dev]
  APP_PUBLIC_URL        the address users see, for links in emails              [http://127.0.0.1:8080]
  APP_DATA_DIR          local files: photos, keys                               [data]
  APP_DEMO_DATA         load demo data on first start                           [true in dev, false in production]
  APP_JWT_SECRET        token signing key, at least 32 characters               [dev: generated into APP_DATA_DIR; required in production]
  APP_SPA_DIR           built SPA served at /                                   [frontend/dist]
  APP_IP_RATE_LIMITS    on, or off to lift per-client-IP limits (refused in production) [on]
  APP_EMAIL_TRANSPORT   dev (kept for the dev mailbox) or smtp                  [dev; production needs smtp]
  APP_SMS_TRANSPORT     dev (kept for the dev mailbox) or http                  [dev; production needs http]
  APP_LOG               log filter, e.g. info or info,xuexin=debug (RUST_LOG also works) [info,xuexin=debug in dev, info in production]
  APP_LOG_FORMAT        text or json                                            [text in dev, json in production]
  APP_DB_POOL_SIZE      database connections per process                        [10]
  APP_DB_TIMEOUT_SECS   seconds to wait for a database connection               [5]
  APP_WORKERS           HTTP worker threads                                     [one per CPU core]
  APP_JSON_LIMIT_BYTES  largest JSON body accepted                              [262144]";

/// Xuexin: the API server of an open higher-education student information portal.
#[derive(Debug, Parser)]
#[command(name = "xuexin", version, about, after_help = SETTINGS_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; `serve` when none is given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations and serve the API and the SPA (the default).
    Serve,
    /// Apply pending database migrations, print what was applied, and exit.
    Migrate,
    /// Print the OpenAPI document generated from the code (the source of openapi.yaml).
    Openapi {
        /// Output format.
        #[arg(long, value_enum, default_value_t = DocFormat::Yaml)]
        format: DocFormat,
    },
}

/// Formats of the OpenAPI document.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocFormat {
    Yaml,
    Json,
}
