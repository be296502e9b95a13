//! The command line of the `xuexin` binary.

use clap::{Parser, Subcommand, ValueEnum};

/// The settings, listed in `--help` so an operator needs no other document.
const SETTINGS_HELP: &str = "\
Settings (environment variables; a .env file in the working directory is read too):
  DATABASE_URL          sqlite://PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DB   [sqlite://data/xuexin.db]
  APP_LISTEN            address to serve on                                     [127.0.0.1:8080]
  APP_ENV               dev or production                                       [dev]
  APP_DEV_ALLOW_PUBLIC_LISTEN  let APP_ENV=dev listen on a non-loopback APP_LISTEN (exposes the dev mailbox and demo staff) [false]
  APP_PUBLIC_URL        the address users see, for links in emails              [http://127.0.0.1:8080]
  APP_DATA_DIR          local files: photos, keys                               [data]
  APP_DEMO_DATA         load demo data on first start                           [true in dev, false in production]
  APP_JWT_SECRET        token signing key, at least 32 characters               [dev: generated into APP_DATA_DIR; required in production]
  APP_AUDIT_KEY         audit chain HMAC key, at least 32 characters; keep it outside the database [dev: generated into APP_DATA_DIR; required in production]
  APP_SPA_DIR           built SPA served at /                                   [frontend/dist]
  APP_IP_RATE_LIMITS    on, or off to lift per-client-IP limits (refused in production) [on]
  APP_EMAIL_TRANSPORT   dev (kept for the dev mailbox) or smtp                  [dev; production needs smtp]
  APP_SMS_TRANSPORT     dev (kept for the dev mailbox) or http                  [dev; production needs http]
  APP_LOG               log filter, e.g. info or info,xuexin=debug (RUST_LOG also works) [info,xuexin=debug in dev, info in production]
  APP_LOG_FORMAT        text or json                                            [text in dev, json in production]
  APP_DB_POOL_SIZE      database connections per process                        [10]
  APP_DB_TIMEOUT_SECS   seconds to wait for a database connection               [5]
  APP_WORKERS           HTTP worker threads                                     [one per CPU core]
  APP_JSON_LIMIT_BYTES  largest JSON body accepted                              [262144]
  APP_TRUST_FORWARDED_FOR  take the client IP from X-Forwarded-For (behind a trusted proxy only) [false]
  APP_TRUSTED_PROXIES   with APP_TRUST_FORWARDED_FOR: comma-separated proxy addresses/CIDRs; the client is the right-most X-Forwarded-For address not among them [127.0.0.0/8,::1/128]
  APP_CORS_ORIGINS      comma-separated origins of browser clients hosted elsewhere (https://host[:port]) [none: same-origin only]

Email (APP_EMAIL_TRANSPORT=smtp):
  APP_SMTP_HOST         SMTP relay host (required for smtp)
  APP_SMTP_PORT         SMTP port                                               [587 starttls, 465 tls, 25 none]
  APP_SMTP_TLS          starttls, tls or none                                   [starttls]
  APP_SMTP_USERNAME     SMTP login (with APP_SMTP_PASSWORD)
  APP_SMTP_PASSWORD     SMTP password
  APP_SMTP_CA_FILE      extra CA certificate (PEM) to trust for the relay       [none: public roots only]
  APP_MAIL_FROM         sender of every email                                   [学信网 Xuexin <no-reply@xuexin.localhost>]

SMS (APP_SMS_TRANSPORT=http):
  APP_SMS_GATEWAY_URL   the gateway; gets a JSON POST of {phone, template, params, text} (required for http)
  APP_SMS_GATEWAY_TOKEN sent as Authorization: Bearer …
  APP_SMS_GATEWAY_TIMEOUT_SECS  seconds before a gateway call counts as failed   [10]

Real-name registration:
  APP_IDENTITY_DAILY_SUBMISSIONS     different name/ID pairs per account per day [5]
  APP_IP_IDENTITY_DAILY_SUBMISSIONS  name/ID submissions per client IP per day   [30]
  APP_SMS_CODE_TTL_SECS     lifetime of an SMS code                             [300]
  APP_SMS_COOLDOWN_SECS     least time between two codes to an account or number [60]
  APP_SMS_DAILY_PER_PHONE   codes per number per day                            [10]
  APP_SMS_DAILY_PER_ACCOUNT codes per account per day                           [10]
  APP_IP_SMS_DAILY_CODES    codes requested per client IP per day               [60]
  APP_SMS_MAX_ATTEMPTS      wrong tries before a code is dead                   [5]

Photos (image collation):
  APP_PHOTO_STORE       local (a directory) or s3 (an S3-compatible bucket)     [local]
  APP_PHOTO_DIR         the local store's directory                             [APP_DATA_DIR/photos]
  APP_S3_BUCKET         the bucket (required for s3)
  APP_S3_ENDPOINT       endpoint of an S3-compatible service, e.g. http://minio:9000 [AWS]
  APP_S3_REGION         region                                                  [us-east-1]
  APP_S3_ACCESS_KEY_ID  access key (with APP_S3_SECRET_ACCESS_KEY)
  APP_S3_SECRET_ACCESS_KEY  secret key
  APP_PHOTO_MAX_BYTES   largest photo file                                      [2097152]
  APP_PHOTO_WIDTH       required photo width in pixels                          [480]
  APP_PHOTO_HEIGHT      required photo height in pixels                         [640]
  APP_PHOTO_TOLERANCE_PX  how many pixels a photo may differ from that size     [0]
  APP_BATCH_MAX_BYTES   largest photo batch (ZIP) upload                        [536870912]
  APP_BATCH_MAX_UNCOMPRESSED_BYTES  largest total unpacked size of a batch (zip-bomb guard) [2147483648]
  APP_BATCH_MAX_ENTRIES most files in a batch                                   [10000]

Records:
  APP_IP_PUBLIC_LOOKUPS_PER_MINUTE  verification-report and degree-check lookups per client IP per minute [30]
  APP_IMPORT_MAX_BYTES  largest CSV file the import API accepts               [268435456]
  APP_DATA_EXPORTS_PER_HOUR  downloads of 我的数据 per account per hour       [5]

Staff:
  APP_STAFF_SESSION_HOURS  lifetime of a staff session                       [8]
  APP_STAFF_SESSION_IDLE_MINS  a staff session unused this long ends (min 5) [30]
  APP_STAFF_TOTP_REQUIRED  platform admins and support must enrol a TOTP second factor (false refused in production) [true; false in dev]
  APP_STAFF_SETUP_LINK_HOURS  lifetime of a one-time staff setup link          [72]

Outbox delivery:
  APP_OUTBOX_POLL_MS    how often the worker looks for due messages             [1000]
  APP_OUTBOX_RETRY_BASE_SECS  first retry delay, doubled each time (max 1 h)   [5]
  APP_OUTBOX_MAX_ATTEMPTS     attempts before a message is marked failed        [12]
  APP_OUTBOX_REDACT_AFTER_HOURS  hours after delivery when links and codes are cut from stored messages, 0 = never [24 in production, 0 in dev]

Retention (enforced by the housekeeping task; see docs/PRIVACY.md):
  APP_CLOSED_ACCOUNT_GRACE_DAYS      days after closing before an account's personal fields are erased [30]
  APP_RETAIN_UNFINISHED_REGISTRATIONS_DAYS  days an unactivated or unfinished registration is kept since its last change [30]
  APP_RETAIN_SPENT_TOKENS_DAYS       days activation/reset links and abandoned registration tokens are kept after expiry [7]
  APP_RETAIN_ENDED_SESSIONS_DAYS     days ended sessions and expired refresh tokens are kept [30]
  APP_RETAIN_OUTBOX_DAYS             days delivered or given-up emails and SMS are kept [30]
  APP_RETAIN_SMS_CODES_DAYS          days SMS codes are kept after sending (at least 1) [7]
  APP_RETAIN_LOGIN_RECORDS_DAYS      days rate-limit events and ended lockouts are kept (at least 1) [1]
  APP_RETAIN_IDENTITY_SUBMISSIONS_DAYS  days submitted name/ID pairs are remembered (at least 1) [7]
  APP_RETAIN_RECOVERY_ATTEMPTS_DAYS  days 找回账号 attempts (and their decoys) are kept (at least 1) [30]

Accounts:
  APP_ARGON2_MEMORY_KIB / APP_ARGON2_ITERATIONS / APP_ARGON2_PARALLELISM  password hashing cost [19456 / 2 / 1]
  APP_HASH_WORKERS      threads that hash passwords; bounds argon2 memory to workers × cost [one per CPU core]
  APP_HASH_QUEUE        password hashes that may wait for a thread; beyond, 503 server_busy [32 per worker]
  APP_ACCESS_TOKEN_TTL_SECS        access token lifetime                        [900]
  APP_SESSION_ABSOLUTE_HOURS       session lifetime without 记住我, from login    [12]
  APP_SESSION_IDLE_MINS            session without 记住我 ends unused this long   [30]
  APP_REMEMBERED_SESSION_ABSOLUTE_DAYS  session lifetime with 记住我, from login  [30]
  APP_REMEMBERED_SESSION_IDLE_DAYS      session with 记住我 ends unused this long [7]
  APP_REGISTRATION_TOKEN_TTL_MINS  registration token lifetime                  [120]
  APP_ACTIVATION_TTL_HOURS         activation link lifetime                     [24]
  APP_RESET_TTL_MINS               password-reset link lifetime                 [60]
  APP_MAIL_COOLDOWN_SECS           least time between two such emails to one account [60]
  APP_LOGIN_MAX_FAILURES           wrong passwords that lock an account         [10]
  APP_LOGIN_WINDOW_MINS            within this many minutes                     [15]
  APP_LOGIN_LOCKOUT_MINS           for this many minutes                        [15]
  APP_IP_LOGIN_MAX_FAILURES        failed logins per client IP per window       [100]
  APP_IP_REGISTRATIONS_PER_HOUR    registrations per client IP per hour         [20]
  APP_IP_MAIL_REQUESTS_PER_HOUR    activation/reset email requests per client IP per hour [30]";

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
    /// Apply migrations and load the demo data into an empty database; print the demo identities.
    Demo,
    /// Import a CSV file of schools, enrollments or degrees: all rows or none, re-imports update.
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: ImportKind,
        /// The UTF-8 CSV file (header row first; columns as documented in the README).
        file: std::path::PathBuf,
        /// Validate every row and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON (`{rows, imported, dry_run, errors: [{line, field, reason}], errors_truncated}`).
        #[arg(long)]
        json: bool,
    },
    /// Manage staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the OpenAPI document generated from the code (the source of openapi.yaml).
    Openapi {
        /// Output format.
        #[arg(long, value_enum, default_value_t = DocFormat::Yaml)]
        format: DocFormat,
    },
}

/// Staff account commands.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff account (the first platform admin is made this way).
    Create {
        /// platform_admin, school_admin, provincial_reviewer, support or image_operator.
        #[arg(long)]
        role: String,
        /// The login email.
        #[arg(long)]
        email: String,
        /// A first password (same rules as students': 6–64 letters and digits, not common), which the
        /// member must change at their first login. Prefer --setup-link: a password on the command
        /// line stays in the shell history.
        #[arg(
            long,
            required_unless_present = "setup_link",
            conflicts_with = "setup_link"
        )]
        password: Option<String>,
        /// Instead of a password: print a one-time link (APP_PUBLIC_URL/staff/setup?token=…,
        /// valid for APP_STAFF_SETUP_LINK_HOURS) with which the member sets their own password.
        #[arg(long)]
        setup_link: bool,
        /// The school code, for a school_admin.
        #[arg(long)]
        school: Option<String>,
        /// The two-digit province code, for a provincial_reviewer.
        #[arg(long)]
        province: Option<String>,
    },
}

/// Audit log commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit log's hash chain from the first event (plain SHA-256 links of epoch 0, then
    /// HMAC links under APP_AUDIT_KEY of epoch 1); exit 1 naming the first event that was altered
    /// or removed, 0 when the chain is intact, printing the epochs and the head (id and hash) to
    /// write down elsewhere.
    Verify,
}

/// What an import file holds.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    Schools,
    Enrollments,
    Degrees,
}

/// Formats of the OpenAPI document.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocFormat {
    Yaml,
    Json,
}
