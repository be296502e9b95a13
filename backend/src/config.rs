//! All settings, read from environment variables (`APP_*`, plus `DATABASE_URL`) with dev defaults.
//!
//! Parsing is a pure function over a variable lookup so it can be unit-tested without touching the
//! process environment; [`Config::from_env`] is the thin wrapper used by the binary.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

pub mod cidr;

pub use cidr::Cidr;

/// The proxies trusted by default: one on the same host, the usual nginx in front.
const DEFAULT_TRUSTED_PROXIES: &str = "127.0.0.0/8,::1/128";

/// Where the server runs: development conveniences or production strictness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Dev,
    Production,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (dev default).
    Text,
    /// One JSON object per line (production default), for log collectors.
    Json,
}

/// How outbound email leaves the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailTransport {
    /// Kept in the outbox and shown by the dev mailbox; only allowed with `APP_ENV=dev`.
    Dev,
    /// Delivered through an SMTP relay.
    Smtp,
}

/// How outbound SMS leaves the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsTransport {
    /// Kept in the outbox and shown by the dev mailbox; only allowed with `APP_ENV=dev`.
    Dev,
    /// Posted as JSON to an HTTP SMS gateway.
    Http,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same host or a local mail catcher.
    None,
}

/// The SMTP relay used by the `smtp` email transport.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: Option<String>,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// An extra CA (PEM) to trust for the relay's certificate, besides the public roots: for a
    /// relay with a certificate of a private CA.
    pub ca_file: Option<PathBuf>,
    /// The sender, e.g. `学信网 <no-reply@example.cn>`.
    pub from: String,
}

/// Token lifetimes, password hashing cost and attempt limits of the accounts capability.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
    /// Threads that hash passwords; at most this many hashes run at once, which bounds the
    /// argon2 memory of the process to `hash_workers × argon2_memory_kib`.
    pub hash_workers: usize,
    /// Hashing jobs that may wait for a worker; beyond that requests get 503 `server_busy`.
    pub hash_queue: usize,
    pub access_token_ttl_secs: u64,
    /// Absolute lifetime of a student session without 记住我, fixed at login.
    pub session_absolute_hours: u64,
    /// A session without 记住我 ends when it is not renewed for this long.
    pub session_idle_mins: u64,
    /// Absolute lifetime of a student session with 记住我, fixed at login.
    pub remembered_session_absolute_days: u64,
    /// A session with 记住我 ends when it is not renewed for this long.
    pub remembered_session_idle_days: u64,
    pub registration_token_ttl_mins: u64,
    pub activation_ttl_hours: u64,
    pub reset_ttl_mins: u64,
    /// Least time between two activation or reset emails to one account.
    pub mail_cooldown_secs: u64,
    pub login_max_failures: u32,
    pub login_window_mins: u64,
    pub login_lockout_mins: u64,
    /// Failed logins per client IP within the login window before it is throttled.
    pub ip_login_max_failures: u32,
    pub ip_registrations_per_hour: u32,
    pub ip_mail_requests_per_hour: u32,
    /// Lifetime of a staff session (no refresh: staff log in again).
    pub staff_session_hours: u64,
    /// A staff session not used for this long is over, within its lifetime.
    pub staff_session_idle_mins: u64,
    /// Whether platform admins and support agents must enrol a TOTP second factor before they can
    /// use any staff endpoint (always in production; dev may turn it off for the demo accounts).
    pub staff_totp_required: bool,
    /// Lifetime of a one-time staff setup link (`xuexin staff create --setup-link`).
    pub staff_setup_link_hours: u64,
}

/// The HTTP SMS gateway of the `http` SMS transport.
#[derive(Debug, Clone)]
pub struct SmsGatewaySettings {
    /// Receives a JSON POST of `{phone, template, params}`.
    pub url: Option<String>,
    /// Sent as `Authorization: Bearer …`.
    pub token: Option<Secret>,
    pub timeout_secs: u64,
}

/// Limits of the real-name and phone steps.
#[derive(Debug, Clone)]
pub struct IdentitySettings {
    /// Distinct name/ID submissions per account per day.
    pub daily_submissions: u32,
    /// Name/ID submissions per client IP per day.
    pub ip_daily_submissions: u32,
    pub sms_code_ttl_secs: u64,
    /// Least time between two codes to one account, and to one phone number.
    pub sms_cooldown_secs: u64,
    pub sms_daily_per_phone: u32,
    /// Codes sent for one account per day, whatever the number.
    pub sms_daily_per_account: u32,
    /// Codes requested from one client IP per day.
    pub ip_sms_daily_codes: u32,
    /// Wrong codes before a code is dead.
    pub sms_max_attempts: u32,
}

/// Limits of the records capability.
#[derive(Debug, Clone)]
pub struct RecordsSettings {
    /// Public verification-report and degree-check lookups per client IP per minute.
    pub ip_public_lookups_per_minute: u32,
    /// Largest CSV body the import endpoints accept.
    pub import_max_bytes: u64,
    /// Downloads of 我的数据 (JSON and HTML together) one account may make per hour.
    pub data_exports_per_hour: u32,
}

/// Where photo bytes are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoStoreKind {
    /// A local directory (`APP_PHOTO_DIR`).
    Local,
    /// An S3-compatible bucket (`APP_S3_*`).
    S3,
}

/// The photo store and the rules of uploaded photos and batches.
#[derive(Debug, Clone)]
pub struct PhotoSettings {
    pub store: PhotoStoreKind,
    /// The directory of the local store.
    pub dir: PathBuf,
    pub s3_bucket: Option<String>,
    /// The endpoint of an S3-compatible service (e.g. MinIO); AWS when unset.
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<Secret>,
    /// Largest photo file.
    pub max_bytes: u64,
    /// The capture standard's pixel size and how far a photo may differ from it.
    pub width: u32,
    pub height: u32,
    pub tolerance_px: u32,
    /// Largest ZIP body, its largest total uncompressed size, and most entries.
    pub batch_max_bytes: u64,
    pub batch_max_uncompressed_bytes: u64,
    pub batch_max_entries: usize,
}

/// How the outbox worker delivers.
#[derive(Debug, Clone)]
pub struct OutboxSettings {
    pub poll_ms: u64,
    pub retry_base_secs: u64,
    pub max_attempts: u32,
    /// Hours after delivery when a message's secret (link token, SMS code) is cut out of its
    /// stored body; 0 keeps bodies whole (the dev default, for the dev mailbox).
    pub redact_after_hours: u64,
}

/// How long each kind of personal data is kept; the housekeeping task deletes (or erases) it
/// afterwards. Every period is in days and counts from the moment the data stopped being needed
/// (see docs/PRIVACY.md).
#[derive(Debug, Clone)]
pub struct RetentionSettings {
    /// Days after an account was closed (注销) before its personal fields are erased.
    pub closed_account_grace_days: u64,
    /// Days an account may stay unactivated or unfinished, counted from its last change.
    pub unfinished_registration_days: u64,
    /// Days one-time tokens (activation, reset, abandoned registration tokens) are kept after
    /// they expired.
    pub spent_token_days: u64,
    /// Days ended sessions (revoked or past their end) and expired refresh tokens are kept.
    pub ended_session_days: u64,
    /// Days delivered (or given-up) outbox messages are kept.
    pub outbox_days: u64,
    /// Days SMS codes are kept after they were sent (the daily caps count the last 24 h).
    pub sms_code_days: u64,
    /// Days rate-limit events and ended lockouts are kept (no window is longer than a day).
    pub login_record_days: u64,
    /// Days a name/ID pair an account submitted is remembered (the budget counts the last 24 h).
    pub identity_submission_days: u64,
    /// Days a 找回账号 attempt (decoys included) is kept (its budgets count the last 24 h).
    pub recovery_attempt_days: u64,
}

/// The longest retention period a setting may ask for (a century).
pub const MAX_RETENTION_DAYS: u64 = 36_500;

/// A secret that never shows up in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself; call only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The minimum length of `APP_JWT_SECRET`: shorter keys make HS256 tokens guessable.
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// The minimum length of `APP_AUDIT_KEY`: the audit chain's HMAC is only as strong as its key.
pub const MIN_AUDIT_KEY_LEN: usize = 32;

/// Every setting of the server.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: String,
    pub env: Environment,
    /// Let dev mode listen on a non-loopback address (it serves the dev mailbox and demo staff).
    pub dev_allow_public_listen: bool,
    pub public_url: String,
    pub data_dir: PathBuf,
    pub demo_data: bool,
    /// `None` in dev means: generate one and keep it in `data_dir` (see [`crate::secrets`]).
    pub jwt_secret: Option<Secret>,
    /// Keys the audit chain (HMAC); like `jwt_secret`, `None` in dev means generated into `data_dir`.
    pub audit_key: Option<Secret>,
    pub spa_dir: PathBuf,
    pub ip_rate_limits: bool,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub db_pool_size: u32,
    pub db_timeout_secs: u64,
    pub workers: Option<usize>,
    pub json_limit_bytes: usize,
    pub email_transport: EmailTransport,
    pub sms_transport: SmsTransport,
    pub smtp: SmtpSettings,
    pub sms_gateway: SmsGatewaySettings,
    pub identity: IdentitySettings,
    pub records: RecordsSettings,
    pub auth: AuthSettings,
    pub outbox: OutboxSettings,
    pub retention: RetentionSettings,
    pub photos: PhotoSettings,
    /// Take the client IP from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// The reverse proxies whose `X-Forwarded-For` entries are believed (with
    /// `trust_forwarded_for`): the client is the right-most address not in these blocks.
    pub trusted_proxies: Vec<Cidr>,
    /// Origins (`https://host[:port]`) of a separately hosted SPA or other browser clients that
    /// may call the API; empty means same-origin only.
    pub cors_origins: Vec<String>,
}

/// One setting that could not be read, with the variable it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub variable: &'static str,
    pub problem: String,
}

/// Everything wrong with the environment at once, so an operator fixes it in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub heading: String,
    pub problems: Vec<SettingError>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.heading)?;
        for p in &self.problems {
            writeln!(f, "  - {}: {}", p.variable, p.problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Reads variables one by one and collects every problem instead of stopping at the first.
struct Reader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    problems: Vec<SettingError>,
}

impl Reader<'_> {
    fn raw(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn string(&self, name: &str, default: &str) -> String {
        self.raw(name).unwrap_or_else(|| default.to_owned())
    }

    fn fail(&mut self, variable: &'static str, problem: impl Into<String>) {
        self.problems.push(SettingError {
            variable,
            problem: problem.into(),
        });
    }

    fn bool(&mut self, name: &'static str, default: bool) -> bool {
        match self.raw(name).map(|v| v.to_ascii_lowercase()) {
            None => default,
            Some(v) if ["true", "1", "yes", "on"].contains(&v.as_str()) => true,
            Some(v) if ["false", "0", "no", "off"].contains(&v.as_str()) => false,
            Some(v) => {
                self.fail(
                    name,
                    format!("`{v}` is not a boolean (use true/false or on/off)"),
                );
                default
            }
        }
    }

    fn number<T: std::str::FromStr>(&mut self, name: &'static str, default: T, min: T) -> T
    where
        T: PartialOrd + fmt::Display + Copy,
    {
        match self.raw(name) {
            None => default,
            Some(v) => match v.parse::<T>() {
                Ok(n) if n >= min => n,
                _ => {
                    self.fail(
                        name,
                        format!("`{v}` is not a whole number of at least {min}"),
                    );
                    default
                }
            },
        }
    }

    fn choice<T: Copy>(&mut self, name: &'static str, default: T, options: &[(&str, T)]) -> T {
        let Some(v) = self.raw(name) else {
            return default;
        };
        let lower = v.to_ascii_lowercase();
        if let Some((_, t)) = options.iter().find(|(k, _)| *k == lower) {
            return *t;
        }
        let names: Vec<_> = options.iter().map(|(k, _)| *k).collect();
        self.fail(name, format!("`{v}` is not one of: {}", names.join(", ")));
        default
    }
}

fn read_photos(r: &mut Reader<'_>) -> PhotoSettings {
    let data_dir = PathBuf::from(r.string("APP_DATA_DIR", "data"));
    let store = r.choice(
        "APP_PHOTO_STORE",
        PhotoStoreKind::Local,
        &[("local", PhotoStoreKind::Local), ("s3", PhotoStoreKind::S3)],
    );
    let settings = PhotoSettings {
        dir: r
            .raw("APP_PHOTO_DIR")
            .map_or_else(|| data_dir.join("photos"), PathBuf::from),
        s3_bucket: r.raw("APP_S3_BUCKET"),
        s3_endpoint: r.raw("APP_S3_ENDPOINT"),
        s3_region: r.string("APP_S3_REGION", "us-east-1"),
        s3_access_key_id: r.raw("APP_S3_ACCESS_KEY_ID"),
        s3_secret_access_key: r.raw("APP_S3_SECRET_ACCESS_KEY").map(Secret::new),
        max_bytes: r.number("APP_PHOTO_MAX_BYTES", 2 * 1024 * 1024, 1024),
        width: r.number("APP_PHOTO_WIDTH", 480, 1),
        height: r.number("APP_PHOTO_HEIGHT", 640, 1),
        tolerance_px: r.number("APP_PHOTO_TOLERANCE_PX", 0, 0),
        batch_max_bytes: r.number("APP_BATCH_MAX_BYTES", 512 * 1024 * 1024, 1024),
        batch_max_uncompressed_bytes: r.number(
            "APP_BATCH_MAX_UNCOMPRESSED_BYTES",
            2 * 1024 * 1024 * 1024,
            1024,
        ),
        batch_max_entries: r.number("APP_BATCH_MAX_ENTRIES", 10_000, 1),
        store,
    };
    if settings.store == PhotoStoreKind::S3 && settings.s3_bucket.is_none() {
        r.fail("APP_S3_BUCKET", "is required when APP_PHOTO_STORE=s3");
    }
    settings
}

fn read_trusted_proxies(r: &mut Reader<'_>) -> Vec<Cidr> {
    let list = r.string("APP_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES);
    Cidr::parse_list(&list).unwrap_or_else(|problem| {
        r.fail("APP_TRUSTED_PROXIES", problem);
        Vec::new()
    })
}

fn read_smtp(r: &mut Reader<'_>) -> SmtpSettings {
    let tls = r.choice(
        "APP_SMTP_TLS",
        SmtpTls::StartTls,
        &[
            ("starttls", SmtpTls::StartTls),
            ("tls", SmtpTls::Tls),
            ("none", SmtpTls::None),
        ],
    );
    let default_port = match tls {
        SmtpTls::StartTls => 587,
        SmtpTls::Tls => 465,
        SmtpTls::None => 25,
    };
    let from = r.string("APP_MAIL_FROM", "学信网 Xuexin <no-reply@xuexin.localhost>");
    if from.parse::<lettre::message::Mailbox>().is_err() {
        r.fail(
            "APP_MAIL_FROM",
            format!("`{from}` is not a sender like `学信网 <no-reply@example.cn>`"),
        );
    }
    let ca_file = r.raw("APP_SMTP_CA_FILE").map(PathBuf::from);
    if let Some(file) = ca_file.as_ref().filter(|f| !f.is_file()) {
        r.fail(
            "APP_SMTP_CA_FILE",
            format!("`{}` is not a readable file", file.display()),
        );
    }
    SmtpSettings {
        host: r.raw("APP_SMTP_HOST"),
        port: r.number("APP_SMTP_PORT", default_port, 1),
        tls,
        username: r.raw("APP_SMTP_USERNAME"),
        password: r.raw("APP_SMTP_PASSWORD").map(Secret::new),
        ca_file,
        from,
    }
}

impl Config {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (a variable name → its value), validating all of them.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut r = Reader {
            lookup,
            problems: Vec::new(),
        };
        let env = r.choice(
            "APP_ENV",
            Environment::Dev,
            &[
                ("dev", Environment::Dev),
                ("production", Environment::Production),
            ],
        );
        let dev = env == Environment::Dev;

        let database_url = r.string("DATABASE_URL", "sqlite://data/xuexin.db");
        if let Err(e) = crate::db::DatabaseUrl::parse(&database_url) {
            r.fail("DATABASE_URL", e.to_string());
        }
        let listen = r.string("APP_LISTEN", "127.0.0.1:8080");
        if listen.parse::<SocketAddr>().is_err() && !listen.contains(':') {
            r.fail(
                "APP_LISTEN",
                format!("`{listen}` is not an address like 127.0.0.1:8080"),
            );
        }
        let public_url = r.string("APP_PUBLIC_URL", "http://127.0.0.1:8080");
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            r.fail(
                "APP_PUBLIC_URL",
                format!("`{public_url}` must start with http:// or https://"),
            );
        }
        let public_url = public_url.trim_end_matches('/').to_owned();
        let log_format = r.choice(
            "APP_LOG_FORMAT",
            if dev {
                LogFormat::Text
            } else {
                LogFormat::Json
            },
            &[("text", LogFormat::Text), ("json", LogFormat::Json)],
        );
        let log_filter = r
            .raw("APP_LOG")
            .or_else(|| r.raw("RUST_LOG"))
            .unwrap_or_else(|| if dev { "info,xuexin=debug" } else { "info" }.to_owned());

        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let hash_workers = r.number("APP_HASH_WORKERS", cores, 1);
        let hash_queue = r.number("APP_HASH_QUEUE", 32 * hash_workers, 1);

        let config = Config {
            database_url,
            listen,
            env,
            dev_allow_public_listen: r.bool("APP_DEV_ALLOW_PUBLIC_LISTEN", false),
            public_url,
            data_dir: PathBuf::from(r.string("APP_DATA_DIR", "data")),
            demo_data: r.bool("APP_DEMO_DATA", dev),
            jwt_secret: r.raw("APP_JWT_SECRET").map(Secret::new),
            audit_key: r.raw("APP_AUDIT_KEY").map(Secret::new),
            spa_dir: PathBuf::from(r.string("APP_SPA_DIR", "frontend/dist")),
            ip_rate_limits: r.bool("APP_IP_RATE_LIMITS", true),
            log_filter,
            log_format,
            db_pool_size: r.number("APP_DB_POOL_SIZE", 10, 1),
            db_timeout_secs: r.number("APP_DB_TIMEOUT_SECS", 5, 1),
            workers: r.raw("APP_WORKERS").map(|_| r.number("APP_WORKERS", 2, 1)),
            json_limit_bytes: r.number("APP_JSON_LIMIT_BYTES", 256 * 1024, 1024),
            email_transport: r.choice(
                "APP_EMAIL_TRANSPORT",
                EmailTransport::Dev,
                &[("dev", EmailTransport::Dev), ("smtp", EmailTransport::Smtp)],
            ),
            sms_transport: r.choice(
                "APP_SMS_TRANSPORT",
                SmsTransport::Dev,
                &[("dev", SmsTransport::Dev), ("http", SmsTransport::Http)],
            ),
            smtp: read_smtp(&mut r),
            sms_gateway: SmsGatewaySettings {
                url: r.raw("APP_SMS_GATEWAY_URL"),
                token: r.raw("APP_SMS_GATEWAY_TOKEN").map(Secret::new),
                timeout_secs: r.number("APP_SMS_GATEWAY_TIMEOUT_SECS", 10, 1),
            },
            identity: IdentitySettings {
                daily_submissions: r.number("APP_IDENTITY_DAILY_SUBMISSIONS", 5, 1),
                ip_daily_submissions: r.number("APP_IP_IDENTITY_DAILY_SUBMISSIONS", 30, 1),
                sms_code_ttl_secs: r.number("APP_SMS_CODE_TTL_SECS", 300, 30),
                sms_cooldown_secs: r.number("APP_SMS_COOLDOWN_SECS", 60, 0),
                sms_daily_per_phone: r.number("APP_SMS_DAILY_PER_PHONE", 10, 1),
                sms_daily_per_account: r.number("APP_SMS_DAILY_PER_ACCOUNT", 10, 1),
                ip_sms_daily_codes: r.number("APP_IP_SMS_DAILY_CODES", 60, 1),
                sms_max_attempts: r.number("APP_SMS_MAX_ATTEMPTS", 5, 1),
            },
            records: RecordsSettings {
                ip_public_lookups_per_minute: r.number("APP_IP_PUBLIC_LOOKUPS_PER_MINUTE", 30, 1),
                import_max_bytes: r.number("APP_IMPORT_MAX_BYTES", 256 * 1024 * 1024, 1024),
                data_exports_per_hour: r.number("APP_DATA_EXPORTS_PER_HOUR", 5, 1),
            },
            auth: AuthSettings {
                argon2_memory_kib: r.number("APP_ARGON2_MEMORY_KIB", 19 * 1024, 8),
                argon2_iterations: r.number("APP_ARGON2_ITERATIONS", 2, 1),
                argon2_parallelism: r.number("APP_ARGON2_PARALLELISM", 1, 1),
                hash_workers,
                hash_queue,
                access_token_ttl_secs: r.number("APP_ACCESS_TOKEN_TTL_SECS", 15 * 60, 30),
                session_absolute_hours: r.number("APP_SESSION_ABSOLUTE_HOURS", 12, 1),
                session_idle_mins: r.number("APP_SESSION_IDLE_MINS", 30, 5),
                remembered_session_absolute_days: r.number(
                    "APP_REMEMBERED_SESSION_ABSOLUTE_DAYS",
                    30,
                    1,
                ),
                remembered_session_idle_days: r.number("APP_REMEMBERED_SESSION_IDLE_DAYS", 7, 1),
                registration_token_ttl_mins: r.number("APP_REGISTRATION_TOKEN_TTL_MINS", 120, 5),
                activation_ttl_hours: r.number("APP_ACTIVATION_TTL_HOURS", 24, 1),
                reset_ttl_mins: r.number("APP_RESET_TTL_MINS", 60, 5),
                mail_cooldown_secs: r.number("APP_MAIL_COOLDOWN_SECS", 60, 0),
                login_max_failures: r.number("APP_LOGIN_MAX_FAILURES", 10, 1),
                login_window_mins: r.number("APP_LOGIN_WINDOW_MINS", 15, 1),
                login_lockout_mins: r.number("APP_LOGIN_LOCKOUT_MINS", 15, 1),
                ip_login_max_failures: r.number("APP_IP_LOGIN_MAX_FAILURES", 100, 1),
                ip_registrations_per_hour: r.number("APP_IP_REGISTRATIONS_PER_HOUR", 20, 1),
                ip_mail_requests_per_hour: r.number("APP_IP_MAIL_REQUESTS_PER_HOUR", 30, 1),
                staff_session_hours: r.number("APP_STAFF_SESSION_HOURS", 8, 1),
                // At least 5: activity is recorded once a minute, so shorter would be imprecise.
                staff_session_idle_mins: r.number("APP_STAFF_SESSION_IDLE_MINS", 30, 5),
                staff_totp_required: r.bool("APP_STAFF_TOTP_REQUIRED", !dev),
                staff_setup_link_hours: r.number("APP_STAFF_SETUP_LINK_HOURS", 72, 1),
            },
            outbox: OutboxSettings {
                poll_ms: r.number("APP_OUTBOX_POLL_MS", 1000, 10),
                retry_base_secs: r.number("APP_OUTBOX_RETRY_BASE_SECS", 5, 1),
                max_attempts: r.number("APP_OUTBOX_MAX_ATTEMPTS", 12, 1),
                redact_after_hours: r.number(
                    "APP_OUTBOX_REDACT_AFTER_HOURS",
                    if dev { 0 } else { 24 },
                    0,
                ),
            },
            retention: RetentionSettings {
                closed_account_grace_days: r.number("APP_CLOSED_ACCOUNT_GRACE_DAYS", 30, 0),
                unfinished_registration_days: r.number(
                    "APP_RETAIN_UNFINISHED_REGISTRATIONS_DAYS",
                    30,
                    1,
                ),
                spent_token_days: r.number("APP_RETAIN_SPENT_TOKENS_DAYS", 7, 0),
                ended_session_days: r.number("APP_RETAIN_ENDED_SESSIONS_DAYS", 30, 0),
                outbox_days: r.number("APP_RETAIN_OUTBOX_DAYS", 30, 1),
                sms_code_days: r.number("APP_RETAIN_SMS_CODES_DAYS", 7, 1),
                login_record_days: r.number("APP_RETAIN_LOGIN_RECORDS_DAYS", 1, 1),
                identity_submission_days: r.number("APP_RETAIN_IDENTITY_SUBMISSIONS_DAYS", 7, 1),
                recovery_attempt_days: r.number("APP_RETAIN_RECOVERY_ATTEMPTS_DAYS", 30, 1),
            },
            photos: read_photos(&mut r),
            trust_forwarded_for: r.bool("APP_TRUST_FORWARDED_FOR", false),
            trusted_proxies: read_trusted_proxies(&mut r),
            cors_origins: r
                .raw("APP_CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        };
        let rt = &config.retention;
        for (variable, days) in [
            (
                "APP_CLOSED_ACCOUNT_GRACE_DAYS",
                rt.closed_account_grace_days,
            ),
            (
                "APP_RETAIN_UNFINISHED_REGISTRATIONS_DAYS",
                rt.unfinished_registration_days,
            ),
            ("APP_RETAIN_SPENT_TOKENS_DAYS", rt.spent_token_days),
            ("APP_RETAIN_ENDED_SESSIONS_DAYS", rt.ended_session_days),
            ("APP_RETAIN_OUTBOX_DAYS", rt.outbox_days),
            ("APP_RETAIN_SMS_CODES_DAYS", rt.sms_code_days),
            ("APP_RETAIN_LOGIN_RECORDS_DAYS", rt.login_record_days),
            (
                "APP_RETAIN_IDENTITY_SUBMISSIONS_DAYS",
                rt.identity_submission_days,
            ),
            (
                "APP_RETAIN_RECOVERY_ATTEMPTS_DAYS",
                rt.recovery_attempt_days,
            ),
        ] {
            // Longer periods would overflow date arithmetic; no retention needs a century.
            if days > MAX_RETENTION_DAYS {
                r.fail(
                    variable,
                    format!("`{days}` is more than {MAX_RETENTION_DAYS} days"),
                );
            }
        }
        for origin in &config.cors_origins {
            let scheme_ok = origin.starts_with("http://") || origin.starts_with("https://");
            if !scheme_ok || origin[origin.find("://").map_or(0, |i| i + 3)..].contains('/') {
                r.fail(
                    "APP_CORS_ORIGINS",
                    format!("`{origin}` is not an origin like https://portal.example.cn"),
                );
            }
        }
        // A host name is only known after resolving it: `Application::build` checks that case.
        if let Some(refusal) = config
            .listen
            .parse::<SocketAddr>()
            .ok()
            .and_then(|addr| config.listen_refusal(addr.ip()))
        {
            r.problems.push(refusal);
        }
        if config.email_transport == EmailTransport::Smtp && config.smtp.host.is_none() {
            r.fail("APP_SMTP_HOST", "is required when APP_EMAIL_TRANSPORT=smtp");
        }
        if config.sms_transport == SmsTransport::Http {
            match config.sms_gateway.url.as_deref() {
                None => r.fail(
                    "APP_SMS_GATEWAY_URL",
                    "is required when APP_SMS_TRANSPORT=http",
                ),
                Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => r.fail(
                    "APP_SMS_GATEWAY_URL",
                    format!("`{u}` must start with http:// or https://"),
                ),
                Some(_) => {}
            }
        }
        if let Some(secret) = &config.jwt_secret {
            if secret.expose().len() < MIN_JWT_SECRET_LEN {
                r.fail(
                    "APP_JWT_SECRET",
                    format!(
                        "is shorter than {MIN_JWT_SECRET_LEN} characters; use a long random value"
                    ),
                );
            }
        }
        if let Some(key) = &config.audit_key {
            if key.expose().len() < MIN_AUDIT_KEY_LEN {
                r.fail(
                    "APP_AUDIT_KEY",
                    format!(
                        "is shorter than {MIN_AUDIT_KEY_LEN} characters; use a long random value"
                    ),
                );
            }
        }
        if !r.problems.is_empty() {
            return Err(ConfigError {
                heading: "The settings in the environment are not valid:".into(),
                problems: r.problems,
            });
        }
        config.check_production()?;
        Ok(config)
    }

    /// In production the dev conveniences are refused, naming each one that is still on.
    fn check_production(&self) -> Result<(), ConfigError> {
        if self.env != Environment::Production {
            return Ok(());
        }
        let mut problems = Vec::new();
        let mut missing = |variable: &'static str, problem: &str| {
            problems.push(SettingError {
                variable,
                problem: problem.to_owned(),
            })
        };
        if self.jwt_secret.is_none() {
            missing(
                "APP_JWT_SECRET",
                "is not set; production needs its own signing key (at least 32 random characters, e.g. `openssl rand -hex 32`)",
            );
        }
        if self.audit_key.is_none() {
            missing(
                "APP_AUDIT_KEY",
                "is not set; production needs its own key for the audit chain, kept outside the database (at least 32 random characters, e.g. `openssl rand -hex 32`)",
            );
        }
        if self.email_transport == EmailTransport::Dev {
            missing(
                "APP_EMAIL_TRANSPORT",
                "is `dev`, which delivers nothing; set it to `smtp`",
            );
        }
        if self.sms_transport == SmsTransport::Dev {
            missing(
                "APP_SMS_TRANSPORT",
                "is `dev`, which delivers nothing; set it to `http`",
            );
        }
        if self.outbox.redact_after_hours == 0 {
            missing(
                "APP_OUTBOX_REDACT_AFTER_HOURS",
                "is 0, which keeps activation links, reset links and SMS codes in the outbox forever; use a number of hours (default 24)",
            );
        }
        if !self.ip_rate_limits {
            missing(
                "APP_IP_RATE_LIMITS",
                "is `off`; per-client limits cannot be lifted in production",
            );
        }
        if !self.auth.staff_totp_required {
            missing(
                "APP_STAFF_TOTP_REQUIRED",
                "is `false`; platform admins and support agents always need a second factor in production",
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError {
                heading: "APP_ENV=production refuses to start with development settings:".into(),
                problems,
            })
        }
    }

    /// Why the server may not listen on `ip`: dev mode serves the dev mailbox (every reset link)
    /// and demo staff with published passwords, so it stays on loopback unless
    /// `APP_DEV_ALLOW_PUBLIC_LISTEN=true` says otherwise.
    pub fn listen_refusal(&self, ip: IpAddr) -> Option<SettingError> {
        if !self.is_dev() || self.dev_allow_public_listen || ip.to_canonical().is_loopback() {
            return None;
        }
        Some(SettingError {
            variable: "APP_LISTEN",
            problem: format!(
                "`{}` reaches {ip}, not a loopback address, but APP_ENV=dev serves the dev mailbox \
                 (every activation and reset link) and demo staff with published passwords; listen \
                 on 127.0.0.1, set APP_ENV=production, or set APP_DEV_ALLOW_PUBLIC_LISTEN=true to \
                 expose dev mode on purpose",
                self.listen
            ),
        })
    }

    /// True while `APP_ENV=dev`: dev mailbox, generated secrets, readable logs.
    pub fn is_dev(&self) -> bool {
        self.env == Environment::Dev
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(&|k| map.get(k).cloned())
    }

    /// A production environment that starts: real secrets and real transports.
    const PRODUCTION: [(&str, &str); 7] = [
        ("APP_ENV", "production"),
        ("APP_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ("APP_AUDIT_KEY", "fedcba9876543210fedcba9876543210"),
        ("APP_EMAIL_TRANSPORT", "smtp"),
        ("APP_SMTP_HOST", "smtp.example.cn"),
        ("APP_SMS_GATEWAY_URL", "https://sms.example.cn/send"),
        ("APP_SMS_TRANSPORT", "http"),
    ];

    /// Asserts that the one setting of `vars` is refused, with a problem that says `says`.
    fn refused(vars: &[(&str, &str)], says: &str) {
        let err = parse(vars).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert_eq!(err.problems[0].variable, vars[0].0);
        assert!(err.problems[0].problem.contains(says), "{err}");
    }

    #[test]
    fn an_empty_environment_gives_the_documented_dev_defaults() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/xuexin.db");
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.env, Environment::Dev);
        assert!(!c.dev_allow_public_listen);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert!(c.demo_data);
        assert!(c.jwt_secret.is_none());
        assert!(c.audit_key.is_none());
        assert_eq!(c.spa_dir, PathBuf::from("frontend/dist"));
        assert!(c.ip_rate_limits);
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(c.email_transport, EmailTransport::Dev);
        assert_eq!(c.auth.access_token_ttl_secs, 900);
        assert_eq!(c.auth.session_absolute_hours, 12);
        assert_eq!(c.auth.session_idle_mins, 30);
        assert_eq!(c.auth.remembered_session_absolute_days, 30);
        assert_eq!(c.auth.remembered_session_idle_days, 7);
        assert_eq!(
            (c.auth.staff_session_hours, c.auth.staff_session_idle_mins),
            (8, 30)
        );
        assert_eq!(c.auth.activation_ttl_hours, 24);
        assert_eq!(c.auth.login_max_failures, 10);
        assert_eq!(
            (
                c.auth.argon2_memory_kib,
                c.auth.argon2_iterations,
                c.auth.argon2_parallelism
            ),
            (19456, 2, 1)
        );
    }

    #[test]
    fn the_staff_idle_timeout_is_a_setting_of_at_least_five_minutes() {
        let c = parse(&[("APP_STAFF_SESSION_IDLE_MINS", "15")]).unwrap();
        assert_eq!(c.auth.staff_session_idle_mins, 15);
        let err = parse(&[("APP_STAFF_SESSION_IDLE_MINS", "4")]).unwrap_err();
        assert!(
            err.to_string().contains("APP_STAFF_SESSION_IDLE_MINS"),
            "{err}"
        );
    }

    #[test]
    fn password_hashing_gets_a_worker_per_core_and_32_waiting_jobs_per_worker() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let c = parse(&[]).unwrap();
        assert_eq!(
            (c.auth.hash_workers, c.auth.hash_queue),
            (cores, 32 * cores)
        );
        let c = parse(&[("APP_HASH_WORKERS", "3")]).unwrap();
        assert_eq!((c.auth.hash_workers, c.auth.hash_queue), (3, 96));
        let c = parse(&[("APP_HASH_WORKERS", "1"), ("APP_HASH_QUEUE", "5")]).unwrap();
        assert_eq!((c.auth.hash_workers, c.auth.hash_queue), (1, 5));
        let err = parse(&[("APP_HASH_WORKERS", "0"), ("APP_HASH_QUEUE", "0")]).unwrap_err();
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(vars, ["APP_HASH_WORKERS", "APP_HASH_QUEUE"]);
    }

    #[test]
    fn data_exports_are_five_an_hour_by_default_and_at_least_one() {
        assert_eq!(parse(&[]).unwrap().records.data_exports_per_hour, 5);
        let c = parse(&[("APP_DATA_EXPORTS_PER_HOUR", "2")]).unwrap();
        assert_eq!(c.records.data_exports_per_hour, 2);
        let err = parse(&[("APP_DATA_EXPORTS_PER_HOUR", "0")]).unwrap_err();
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(vars, ["APP_DATA_EXPORTS_PER_HOUR"]);
    }

    #[test]
    fn trusted_proxies_default_to_this_host_and_a_bad_block_names_the_variable() {
        let c = parse(&[]).unwrap();
        let loopback: Vec<String> = c.trusted_proxies.iter().map(|c| c.to_string()).collect();
        assert_eq!(loopback, ["127.0.0.0/8", "::1/128"]);
        let c = parse(&[("APP_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8")]).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        refused(
            &[("APP_TRUSTED_PROXIES", "10.0.0.0/8, 10.1.2.3/16")],
            "10.1.0.0/16",
        );
    }

    #[test]
    fn smtp_needs_a_host_and_a_valid_sender() {
        let err = parse(&[
            ("APP_EMAIL_TRANSPORT", "smtp"),
            ("APP_MAIL_FROM", "not a mailbox"),
        ])
        .unwrap_err();
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(vars, ["APP_MAIL_FROM", "APP_SMTP_HOST"]);
        let c = parse(&[
            ("APP_EMAIL_TRANSPORT", "smtp"),
            ("APP_SMTP_HOST", "mail"),
            ("APP_SMTP_TLS", "tls"),
        ])
        .unwrap();
        assert_eq!(c.smtp.port, 465);
    }

    #[test]
    fn production_refuses_the_default_secret_and_dev_transports_naming_each() {
        let err = parse(&[("APP_ENV", "production")]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("APP_ENV=production refuses"), "{text}");
        for var in [
            "APP_JWT_SECRET",
            "APP_AUDIT_KEY",
            "APP_EMAIL_TRANSPORT",
            "APP_SMS_TRANSPORT",
        ] {
            assert!(text.contains(var), "{var} missing from: {text}");
        }
    }

    #[test]
    fn production_starts_with_a_real_secret_and_real_transports() {
        let c = parse(&PRODUCTION).unwrap();
        assert!(!c.demo_data, "demo data defaults to off in production");
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn dev_refuses_a_non_loopback_listen_address_naming_both_variables() {
        for listen in [
            "0.0.0.0:8080",
            "[::]:8080",
            "192.168.1.20:8080",
            "[2001:db8::1]:80",
        ] {
            let err = parse(&[("APP_LISTEN", listen)]).unwrap_err();
            assert_eq!(err.problems.len(), 1, "{listen}: {err}");
            assert_eq!(err.problems[0].variable, "APP_LISTEN");
            let text = err.to_string();
            for var in ["APP_LISTEN", "APP_DEV_ALLOW_PUBLIC_LISTEN", "APP_ENV=dev"] {
                assert!(text.contains(var), "{var} missing from: {text}");
            }
        }
    }

    #[test]
    fn dev_listens_on_loopback_addresses() {
        for listen in [
            "127.0.0.1:8080",
            "127.0.0.2:0",
            "[::1]:8080",
            "localhost:8080",
        ] {
            assert_eq!(parse(&[("APP_LISTEN", listen)]).unwrap().listen, listen);
        }
        let c = parse(&[]).unwrap();
        assert!(c
            .listen_refusal("::ffff:127.0.0.1".parse().unwrap())
            .is_none());
        assert!(c.listen_refusal("0.0.0.0".parse().unwrap()).is_some());
    }

    #[test]
    fn retention_periods_have_defaults_and_refuse_zero_where_a_window_needs_them_or_a_century() {
        let rt = parse(&[]).unwrap().retention;
        assert_eq!(
            (
                rt.closed_account_grace_days,
                rt.unfinished_registration_days,
                rt.spent_token_days,
                rt.ended_session_days,
                rt.outbox_days,
                rt.sms_code_days,
                rt.login_record_days,
                rt.identity_submission_days,
                rt.recovery_attempt_days
            ),
            (30, 30, 7, 30, 30, 7, 1, 7, 30)
        );
        let c = parse(&[("APP_CLOSED_ACCOUNT_GRACE_DAYS", "0")]).unwrap();
        assert_eq!(c.retention.closed_account_grace_days, 0);
        // The daily SMS caps and login windows count the last day: less would forget them early.
        for variable in ["APP_RETAIN_SMS_CODES_DAYS", "APP_RETAIN_LOGIN_RECORDS_DAYS"] {
            let err = parse(&[(variable, "0")]).unwrap_err();
            assert_eq!(err.problems[0].variable, variable, "{err}");
        }
        refused(&[("APP_RETAIN_OUTBOX_DAYS", "36501")], "36500");
    }

    #[test]
    fn dev_listens_publicly_only_when_told_to() {
        let c = parse(&[
            ("APP_LISTEN", "0.0.0.0:8080"),
            ("APP_DEV_ALLOW_PUBLIC_LISTEN", "true"),
        ])
        .unwrap();
        assert!(c.dev_allow_public_listen);
        assert!(c.listen_refusal("0.0.0.0".parse().unwrap()).is_none());
    }

    #[test]
    fn production_listens_on_any_address() {
        // Refused for its missing production settings, never for the address.
        let err = parse(&[("APP_ENV", "production"), ("APP_LISTEN", "0.0.0.0:8080")]).unwrap_err();
        assert!(
            err.heading.starts_with("APP_ENV=production refuses"),
            "{err}"
        );
        assert!(
            err.problems.iter().all(|p| p.variable != "APP_LISTEN"),
            "{err}"
        );
        let mut c = parse(&[]).unwrap();
        c.env = Environment::Production;
        assert!(c.listen_refusal("0.0.0.0".parse().unwrap()).is_none());
    }

    #[test]
    fn staff_totp_is_required_by_default_in_production_and_cannot_be_turned_off_there() {
        let prod = PRODUCTION;
        assert!(parse(&prod).unwrap().auth.staff_totp_required);
        let mut off = prod.to_vec();
        off.push(("APP_STAFF_TOTP_REQUIRED", "false"));
        let err = parse(&off).unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].variable, "APP_STAFF_TOTP_REQUIRED");
        assert!(
            !parse(&[]).unwrap().auth.staff_totp_required,
            "off by default in dev"
        );
        let dev_on = parse(&[("APP_STAFF_TOTP_REQUIRED", "true")]).unwrap();
        assert!(dev_on.auth.staff_totp_required);
        assert_eq!(dev_on.auth.staff_setup_link_hours, 72);
        assert!(parse(&[("APP_STAFF_SETUP_LINK_HOURS", "0")]).is_err());
    }

    #[test]
    fn production_refuses_lifting_ip_rate_limits() {
        let err =
            parse(&[PRODUCTION.as_slice(), &[("APP_IP_RATE_LIMITS", "off")]].concat()).unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].variable, "APP_IP_RATE_LIMITS");
    }

    #[test]
    fn outbox_secrets_are_cut_after_a_day_in_production_and_kept_in_dev() {
        let prod = PRODUCTION;
        assert_eq!(parse(&prod).unwrap().outbox.redact_after_hours, 24);
        assert_eq!(
            parse(&[]).unwrap().outbox.redact_after_hours,
            0,
            "dev keeps them"
        );
        let with = |v| {
            let mut vars = prod.to_vec();
            vars.push(("APP_OUTBOX_REDACT_AFTER_HOURS", v));
            parse(&vars)
        };
        assert_eq!(with("72").unwrap().outbox.redact_after_hours, 72);
        let err = with("0").unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].variable, "APP_OUTBOX_REDACT_AFTER_HOURS");
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let err = parse(&[
            ("APP_ENV", "staging"),
            ("DATABASE_URL", "mysql://localhost/x"),
            ("APP_DEMO_DATA", "maybe"),
            ("APP_DB_POOL_SIZE", "0"),
            ("APP_JWT_SECRET", "short"),
            ("APP_AUDIT_KEY", "short"),
        ])
        .unwrap_err();
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(
            vars,
            [
                "APP_ENV",
                "DATABASE_URL",
                "APP_DEMO_DATA",
                "APP_DB_POOL_SIZE",
                "APP_JWT_SECRET",
                "APP_AUDIT_KEY"
            ]
        );
    }

    #[test]
    fn cors_origins_are_a_list_of_bare_origins() {
        let c = parse(&[(
            "APP_CORS_ORIGINS",
            " https://a.example.cn , http://127.0.0.1:5173/ ",
        )])
        .unwrap();
        assert_eq!(
            c.cors_origins,
            ["https://a.example.cn", "http://127.0.0.1:5173"]
        );
        let err =
            parse(&[("APP_CORS_ORIGINS", "a.example.cn,https://b.example.cn/path")]).unwrap_err();
        assert_eq!(err.problems.len(), 2);
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = parse(&[
            ("APP_JWT_SECRET", "0123456789abcdef0123456789abcdef-hidden"),
            ("APP_AUDIT_KEY", "0123456789abcdef0123456789abcdef-unseen"),
        ])
        .unwrap();
        assert!(!format!("{c:?}").contains("hidden"));
        assert!(!format!("{c:?}").contains("unseen"));
    }
}
