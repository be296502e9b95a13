//! The `xuexin` binary as an operator meets it: help, settings errors, migrations.

use std::process::Command;

fn xuexin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xuexin"));
    // Only what each test sets: the developer's own environment must not leak in.
    for (key, _) in std::env::vars() {
        if key.starts_with("APP_") || key == "DATABASE_URL" || key == "RUST_LOG" {
            cmd.env_remove(key);
        }
    }
    cmd
}

#[test]
fn help_lists_the_subcommands_and_every_setting() {
    let out = xuexin().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "serve",
        "migrate",
        "openapi",
        "DATABASE_URL",
        "APP_LISTEN",
        "APP_ENV",
        "APP_PUBLIC_URL",
        "APP_DATA_DIR",
        "APP_DEMO_DATA",
        "APP_JWT_SECRET",
        "APP_SPA_DIR",
        "APP_IP_RATE_LIMITS",
    ] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
}

#[test]
fn production_refuses_to_start_with_dev_settings_and_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = xuexin()
        .current_dir(dir.path())
        .env("APP_ENV", "production")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/x.db", dir.path().display()),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("APP_ENV=production refuses"), "{err}");
    for var in [
        "APP_JWT_SECRET",
        "APP_AUDIT_KEY",
        "APP_EMAIL_TRANSPORT",
        "APP_SMS_TRANSPORT",
    ] {
        assert!(err.contains(var), "{var} not named in: {err}");
    }
    assert!(
        !dir.path().join("x.db").exists(),
        "nothing is created when the settings are refused"
    );
}

#[test]
fn dev_refuses_to_serve_on_a_public_address_unless_told_to() {
    let dir = tempfile::tempdir().unwrap();
    let out = xuexin()
        .current_dir(dir.path())
        .env("APP_LISTEN", "0.0.0.0:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/x.db", dir.path().display()),
        )
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for var in [
        "APP_LISTEN",
        "APP_ENV=dev",
        "APP_DEV_ALLOW_PUBLIC_LISTEN=true",
    ] {
        assert!(err.contains(var), "{var} not named in: {err}");
    }
    assert!(
        !dir.path().join("x.db").exists(),
        "nothing is created when the settings are refused"
    );
}

#[test]
fn an_unsupported_database_url_is_refused_clearly() {
    let out = xuexin()
        .env("DATABASE_URL", "mysql://root@localhost/x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("DATABASE_URL") && err.contains("sqlite://"),
        "{err}"
    );
}

#[test]
fn migrate_applies_once_and_then_reports_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/nested/xuexin.db", dir.path().display());
    let first = xuexin()
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8(first.stdout).unwrap();
    assert!(
        stdout.contains("Applied ") && stdout.contains("20261129000001"),
        "{stdout}"
    );
    let second = xuexin()
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(String::from_utf8(second.stdout)
        .unwrap()
        .contains("up to date"));
}

#[test]
fn the_openapi_subcommand_prints_the_committed_contract() {
    let out = xuexin().arg("openapi").output().unwrap();
    assert!(out.status.success());
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == committed,
        "openapi.yaml is out of date: run `make openapi`"
    );
    let json = xuexin()
        .args(["openapi", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

/// Every `APP_*` variable the code reads.
fn settings_in_code() -> Vec<String> {
    let code =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/config.rs")).unwrap();
    let mut names: Vec<String> = code
        .split('"')
        .filter(|s| {
            s.starts_with("APP_")
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_setting_is_in_the_help_and_the_readme() {
    let names = settings_in_code();
    assert!(names.len() > 20, "{names:?}");
    let help = String::from_utf8(xuexin().arg("--help").output().unwrap().stdout).unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for name in names {
        assert!(help.contains(&name), "`xuexin --help` does not list {name}");
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list {name}"
        );
    }
}

#[test]
fn the_readme_lists_every_demo_identity() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for (name, id_number, _) in xuexin::demo::named_people() {
        assert!(
            readme.contains(&format!("| {name} | `{id_number}` |")),
            "README.md lacks demo identity {name} {id_number}"
        );
    }
}

#[test]
fn import_writes_all_rows_or_none_and_says_which_lines_are_bad() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/x.db", dir.path().display());
    let run = |args: &[&str]| {
        xuexin()
            .current_dir(dir.path())
            .env("DATABASE_URL", &url)
            .env("APP_DEMO_DATA", "false")
            .args(args)
            .output()
            .unwrap()
    };
    std::fs::write(
        dir.path().join("bad.csv"),
        "code,name,province_code\n30001,甲大学,11\n30002,乙大学,99\n",
    )
    .unwrap();
    let out = run(&["import", "schools", "bad.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("line 3, province_code"), "{text}");
    // Lines as an editor counts them: CRLF endings and blank lines too.
    std::fs::write(
        dir.path().join("windows.csv"),
        "code,name,province_code\r\n30001,甲大学,11\r\n\r\n30002,乙大学,99\r\n",
    )
    .unwrap();
    let out = run(&["import", "schools", "windows.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("  line 4, province_code: "), "{text}");

    std::fs::write(
        dir.path().join("good.csv"),
        "code,name,province_code\n30001,甲大学,11\n30002,乙大学,44\n",
    )
    .unwrap();
    let out = run(&["import", "schools", "good.csv", "--dry-run", "--json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            report["rows"].as_u64(),
            report["imported"].as_u64(),
            report["dry_run"].as_bool()
        ),
        (Some(2), Some(0), Some(true))
    );
    let out = run(&["import", "schools", "good.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("2 rows imported"));
    let out = run(&["import", "schools", "missing.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("missing.csv"));
}

#[test]
fn audit_verify_passes_an_intact_log_and_names_the_first_altered_event() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/x.db", dir.path().display());
    let run = |args: &[&str]| {
        xuexin()
            .current_dir(dir.path())
            .env("DATABASE_URL", &url)
            .env("APP_DEMO_DATA", "false")
            .env("APP_ARGON2_MEMORY_KIB", "1024")
            .env("APP_ARGON2_ITERATIONS", "1")
            .args(args)
            .output()
            .unwrap()
    };
    for email in ["a@example.cn", "b@example.cn", "c@example.cn"] {
        let out = run(&[
            "staff",
            "create",
            "--role",
            "support",
            "--email",
            email,
            "--password",
            "Staff2026ok",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(&["audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(stdout.contains("3 events"), "{stdout}");
    assert!(
        stdout.contains("Epoch 1: events #1–#3 (3 events), HMAC-SHA256"),
        "{stdout}"
    );
    // The head, to write down elsewhere, is the newest event's stored hash.
    let db = xuexin::db::Db::connect(&url, 1, std::time::Duration::from_secs(5)).unwrap();
    let mut conn = db.get().unwrap();
    use diesel::prelude::*;
    use xuexin::db::schema::audit_events as a;
    let newest: String = a::table
        .filter(a::id.eq(3))
        .select(a::hash.assume_not_null())
        .first(&mut conn)
        .unwrap();
    assert!(
        stdout.contains(&format!("Head: event #3 (epoch 1), hash {newest}")),
        "{stdout}"
    );
    // Without the key the events were linked with, verify says so instead of making a new one.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = xuexin()
        .current_dir(elsewhere.path())
        .env("DATABASE_URL", &url)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("APP_AUDIT_KEY is not set"), "{err}");
    assert!(
        !elsewhere.path().join("data").exists(),
        "no key was generated"
    );
    // With a key other than the one the events were linked with, nothing verifies.
    let out = xuexin()
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .env("APP_DEMO_DATA", "false")
        .env("APP_AUDIT_KEY", "not-the-key-the-events-were-linked-with")
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("event #1 was altered"), "{err}");

    // Someone with the database's keys rewrites history behind the triggers' back.
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "DROP TRIGGER audit_events_no_update;
         UPDATE audit_events SET reason = 'nothing happened' WHERE id = (SELECT MIN(id) + 1 FROM audit_events);",
    )
    .unwrap();
    drop(conn);
    let out = run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("event #2 was altered"), "{err}");
}

#[test]
fn staff_create_with_a_setup_link_prints_a_one_time_link() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/x.db", dir.path().display());
    let run = |args: &[&str]| {
        xuexin()
            .current_dir(dir.path())
            .env("DATABASE_URL", &url)
            .env("APP_DEMO_DATA", "false")
            .env("APP_PUBLIC_URL", "https://xuexin.example.cn/")
            .env("APP_ARGON2_MEMORY_KIB", "1024")
            .env("APP_ARGON2_ITERATIONS", "1")
            .args(args)
            .output()
            .unwrap()
    };
    let create = ["staff", "create", "--role", "platform_admin", "--email"];
    let out = run(&[&create[..], &["first@example.cn", "--setup-link"]].concat());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = stdout
        .lines()
        .find(|l| l.starts_with("https://xuexin.example.cn/staff/setup?token="))
        .unwrap_or_else(|| panic!("no setup link in {stdout}"));
    let token = link.split("token=").nth(1).unwrap();
    assert_eq!(token.len(), 43, "256 bits");
    assert!(stdout.contains("72 hours"), "{stdout}");

    // Stored only as a hash, for this account, expiring in 72 hours; the account has no password
    // anyone knows, and one made with --password must change it at the first login.
    let out = run(&[
        &create[..],
        &["second@example.cn", "--password", "Staff2026ok"],
    ]
    .concat());
    assert!(String::from_utf8_lossy(&out.stdout).contains("must change this password"));
    let db = xuexin::db::Db::connect(&url, 1, std::time::Duration::from_secs(5)).unwrap();
    let mut conn = db.get().unwrap();
    use diesel::prelude::*;
    use xuexin::db::schema::{staff, staff_setup_tokens as t};
    let (hash, created, expires): (String, chrono::NaiveDateTime, chrono::NaiveDateTime) = t::table
        .select((t::token_hash, t::created_at, t::expires_at))
        .first(&mut conn)
        .unwrap();
    assert_eq!(hash, xuexin::auth::tokens::hash(token));
    assert_eq!(expires - created, chrono::Duration::hours(72));
    let forced: Vec<(String, bool)> = staff::table
        .order(staff::email.asc())
        .select((staff::email, staff::must_change_password))
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        forced,
        [
            ("first@example.cn".to_owned(), false),
            ("second@example.cn".to_owned(), true)
        ]
    );

    // One of --password and --setup-link, not both, not neither.
    let both = run(&[
        &create[..],
        &["x@example.cn", "--password", "Staff2026ok", "--setup-link"],
    ]
    .concat());
    assert_eq!(both.status.code(), Some(2));
    let neither = run(&[&create[..], &["x@example.cn"]].concat());
    assert_eq!(neither.status.code(), Some(2));
}
