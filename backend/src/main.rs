//! The `xuexin` binary: parse the command line and the settings, then serve or run a command.

use std::process::ExitCode;

use clap::Parser;
use xuexin::cli::{AuditCommand, Cli, Command, DocFormat, ImportKind, StaffCommand};
use xuexin::config::Config;
use xuexin::db::{redact_password, Db};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi { format } = cli.command.as_ref().unwrap_or(&Command::Serve) {
        let doc = xuexin::openapi::document();
        let text = match format {
            DocFormat::Yaml => xuexin::openapi::to_yaml(),
            DocFormat::Json => {
                doc.to_pretty_json()
                    .expect("the document serialises to JSON")
                    + "\n"
            }
        };
        print!("{text}");
        return ExitCode::SUCCESS;
    }

    // A missing .env file is normal; a broken one is worth saying.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("xuexin: cannot read .env: {e}");
            return ExitCode::from(2);
        }
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("xuexin: {e}");
            return ExitCode::from(2);
        }
    };
    xuexin::telemetry::init(&config.log_filter, config.log_format);

    let result = actix_web::rt::System::new().block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate => migrate(config).await,
            Command::Demo => demo(config).await,
            Command::Import {
                kind,
                file,
                dry_run,
                json,
            } => import(config, kind, file, dry_run, json).await,
            Command::Staff { command } => staff(config, command).await,
            Command::Audit {
                command: AuditCommand::Verify,
            } => audit_verify(config).await,
            Command::Openapi { .. } => unreachable!("handled before reading settings"),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xuexin: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let listen = config.listen.clone();
    let database = redact_password(&config.database_url);
    let env = config.env;
    let app = xuexin::Application::build(config).await?;
    let host = listen
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or("127.0.0.1");
    tracing::info!(?env, %database, "xuexin listening on http://{host}:{}", app.port());
    app.run_until_stopped().await?;
    Ok(())
}

fn connect(config: &Config) -> anyhow::Result<Db> {
    Db::connect(
        &config.database_url,
        config.db_pool_size,
        std::time::Duration::from_secs(config.db_timeout_secs),
    )
}

async fn demo(config: Config) -> anyhow::Result<()> {
    let db = connect(&config)?;
    xuexin::migrate(&db).await?;
    let extras = if config.is_dev() {
        Some(xuexin::DemoExtras {
            hasher: std::sync::Arc::new(xuexin::auth::password::PasswordHasher::new(&config.auth)?),
            photos: std::sync::Arc::new(xuexin::storage::ObjectPhotos::from_settings(
                &config.photos,
            )?),
            audit_key: std::sync::Arc::new(xuexin::secrets::audit_key(&config)?),
        })
    } else {
        None
    };
    let loaded = xuexin::load_demo_data(&db, chrono::Utc::now(), extras).await?;
    if !loaded {
        println!(
            "The database already holds data (accounts, staff or records); nothing loaded: \
             the demo goes only into an empty database."
        );
        return Ok(());
    }
    println!("Demo data loaded. Identities to register with:");
    for (name, id_number, what) in xuexin::demo::named_people() {
        println!("  {name}  {id_number}  {what}");
    }
    if config.is_dev() {
        println!("Demo staff accounts (dev only; log in at /login as 工作人员):");
        for (role, email, password, school, province) in xuexin::demo::STAFF {
            let scope = school.or(province).unwrap_or("");
            println!("  {role:<20} {email:<24} {password:<14} {scope}");
        }
    }
    Ok(())
}

async fn import(
    config: Config,
    kind: ImportKind,
    file: std::path::PathBuf,
    dry_run: bool,
    json: bool,
) -> anyhow::Result<()> {
    use xuexin::records::import::{self, Kind};
    let kind = match kind {
        ImportKind::Schools => Kind::Schools,
        ImportKind::Enrollments => Kind::Enrollments,
        ImportKind::Degrees => Kind::Degrees,
    };
    let size = std::fs::metadata(&file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?
        .len();
    let db = connect(&config)?;
    xuexin::migrate(&db).await?;
    let bar = indicatif::ProgressBar::new(size);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(if dry_run { "checking" } else { "importing" });
    let progress_bar = bar.clone();
    let path = file.clone();
    let report = actix_web::web::block(move || -> anyhow::Result<import::ImportReport> {
        let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
        let now = chrono::Utc::now();
        let today = now
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
            .date_naive();
        import::import(
            &mut conn,
            kind,
            || std::fs::File::open(&path).map(std::io::BufReader::new),
            dry_run,
            today,
            xuexin::db::timestamp(now),
            &|b| progress_bar.set_position(b),
        )
    })
    .await??;
    bar.finish_and_clear();
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if report.errors.is_empty() {
        match dry_run {
            true => println!(
                "{}: {} rows checked, all valid (dry run: nothing written).",
                file.display(),
                report.rows
            ),
            false => println!("{}: {} rows imported.", file.display(), report.imported),
        }
    } else {
        println!(
            "{}: {} rows read; nothing was written because of these errors:",
            file.display(),
            report.rows
        );
        for e in &report.errors {
            println!(
                "  line {}, {}: {}",
                e.line,
                if e.field.is_empty() { "-" } else { &e.field },
                e.reason
            );
        }
        if report.errors_truncated {
            println!(
                "  … and more (only the first {} are listed)",
                import::MAX_ERRORS
            );
        }
    }
    if report.errors.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} bad row(s); nothing was imported", report.errors.len())
    }
}

async fn staff(config: Config, command: StaffCommand) -> anyhow::Result<()> {
    let StaffCommand::Create {
        role,
        email,
        password,
        setup_link,
        school,
        province,
    } = command;
    let role = xuexin::staff::Role::parse(&role).ok_or_else(|| {
        anyhow::anyhow!("--role `{role}` is not one of platform_admin, school_admin, provincial_reviewer, support, image_operator")
    })?;
    let db = connect(&config)?;
    xuexin::migrate(&db).await?;
    let hasher = xuexin::auth::password::PasswordHasher::new(&config.auth)?;
    let secret = xuexin::secrets::jwt_secret(&config)?;
    let ctx = xuexin::context::Ctx {
        now: chrono::Utc::now(),
        jwt: std::sync::Arc::new(xuexin::auth::jwt::JwtKeys::new(secret.expose())?),
        code_key: std::sync::Arc::new(String::new()),
        audit_key: std::sync::Arc::new(xuexin::secrets::audit_key(&config)?),
        config: std::sync::Arc::new(config),
        ip: "cli".into(),
        user_agent: None,
        request_id: None,
    };
    let first = if setup_link {
        xuexin::staff::service::FirstLogin::SetupLink
    } else {
        xuexin::staff::service::FirstLogin::ChangePassword
    };
    let new = xuexin::staff::service::NewStaff {
        email,
        password: password.unwrap_or_default(),
        role,
        school_code: school,
        province_code: province,
    };
    let link_ctx = ctx.clone();
    let (created, token) = db
        .run(move |conn| xuexin::staff::service::create_with(conn, &ctx, &hasher, new, None, first))
        .await
        .map_err(|e| {
            let fields: Vec<String> = e
                .field_errors()
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message.en))
                .collect();
            anyhow::anyhow!(
                "{}{}",
                e.code(),
                if fields.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", fields.join("; "))
                }
            )
        })?;
    println!(
        "Created {} {} ({})",
        created.role, created.email, created.id
    );
    match token {
        Some(t) => println!(
            "Setup link (works once, for {} hours; the member sets their own password there):\n{}",
            link_ctx.config.auth.staff_setup_link_hours,
            xuexin::staff::security::setup_link(&link_ctx, &t)
        ),
        None => println!("The member must change this password at their first login."),
    }
    Ok(())
}

async fn audit_verify(config: Config) -> anyhow::Result<()> {
    let key = xuexin::secrets::existing_audit_key(&config)?;
    let db = connect(&config)?;
    xuexin::migrate(&db).await?;
    let outcome = db
        .run(move |conn| Ok(xuexin::audit::chain::verify(conn, &key)?))
        .await
        .map_err(|e| anyhow::anyhow!("reading the audit log failed: {e}"))?;
    for line in xuexin::audit::chain::describe_epochs(&outcome.epochs) {
        println!("{line}");
    }
    if let Some(b) = outcome.first_break {
        anyhow::bail!("the audit log was tampered with: {b}");
    }
    println!(
        "The audit log is intact: {} events, each chained to the one before.",
        outcome.events
    );
    match outcome.head {
        Some(head) => println!(
            "Head: event #{} (epoch {}), hash {}\nWrite the head down outside this server: a later verify must still find this event with this hash.",
            head.id, head.epoch, head.hash
        ),
        None => println!("Head: none (the log is empty)."),
    }
    Ok(())
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let db = connect(&config)?;
    let applied = xuexin::migrate(&db).await?;
    if applied.is_empty() {
        println!(
            "The database at {} is up to date.",
            redact_password(&config.database_url)
        );
    } else {
        println!(
            "Applied {} migration(s) to {}:",
            applied.len(),
            redact_password(&config.database_url)
        );
        for version in applied {
            println!("  {version}");
        }
    }
    Ok(())
}
