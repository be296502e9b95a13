//! The `xuexin` binary: parse the command line and the settings, then serve or run a command.

use std::process::ExitCode;

use clap::Parser;
use xuexin::cli::{Cli, Command, DocFormat};
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
    let loaded = xuexin::load_demo_data(&db, chrono::Utc::now()).await?;
    println!(
        "{}",
        if loaded {
            "Demo data loaded. Identities to register with:"
        } else {
            "The database already has schools; nothing loaded. Demo identities:"
        }
    );
    for (name, id_number, what) in xuexin::demo::named_people() {
        println!("  {name}  {id_number}  {what}");
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
