//! Safe defaults of a deployment: the image starts in production, dev mode stays on loopback,
//! and demo staff never land beside real data.

use std::collections::HashMap;

use diesel::prelude::*;
use xuexin::config::Config;
use xuexin::db::schema::{enrollments, schools, staff};
use xuexin_tests::{api_test, problem, TestApp};

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The instructions of the Dockerfile's last stage (the image that runs), continuations joined.
fn runtime_stage(dockerfile: &str) -> Vec<String> {
    let joined = dockerfile.replace("\\\n", " ");
    let lines: Vec<&str> = joined
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let start = lines
        .iter()
        .rposition(|l| l.to_ascii_uppercase().starts_with("FROM "))
        .expect("a FROM line");
    lines[start..].iter().map(|l| l.to_string()).collect()
}

/// The `ENV name=value` pairs of some instructions.
fn env_of(instructions: &[String]) -> HashMap<String, String> {
    instructions
        .iter()
        .filter_map(|l| l.strip_prefix("ENV "))
        .flat_map(str::split_whitespace)
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
        .collect()
}

#[test]
fn the_image_starts_in_production_and_never_exposes_dev_mode() {
    let dockerfile = repo_file("Dockerfile");
    let stage = runtime_stage(&dockerfile);
    assert!(stage[0].ends_with("AS runtime"), "last stage: {}", stage[0]);
    let env = env_of(&stage);
    assert_eq!(
        env.get("APP_ENV").map(String::as_str),
        Some("production"),
        "{env:?}"
    );
    assert_eq!(
        env.get("APP_LISTEN").map(String::as_str),
        Some("0.0.0.0:8080")
    );
    assert!(!dockerfile.contains("APP_DEV_ALLOW_PUBLIC_LISTEN"));
    assert!(
        !env.contains_key("APP_DEMO_DATA"),
        "demo data keeps its production default (off)"
    );

    let compose = repo_file("docker-compose.yml");
    assert!(compose.contains("      APP_ENV: production\n"), "{compose}");
    assert!(!compose.contains("APP_DEV_ALLOW_PUBLIC_LISTEN"));
}

/// Dev settings on a fresh SQLite database in `dir`, listening on a free loopback port.
fn dev_settings(dir: &std::path::Path) -> HashMap<String, String> {
    [
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("xuexin.db").display()),
        ),
        ("APP_ENV", "dev".into()),
        ("APP_LISTEN", "127.0.0.1:0".into()),
        ("APP_DATA_DIR", dir.join("data").display().to_string()),
        ("APP_SPA_DIR", dir.join("spa").display().to_string()),
        ("APP_DEMO_DATA", "true".into()),
        ("APP_WORKERS", "1".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_refuses_to_start_on_a_public_address_naming_the_setting_that_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut vars = dev_settings(dir.path());
    vars.insert("APP_LISTEN".into(), "0.0.0.0:0".into());
    let err = Config::from_lookup(&|k| vars.get(k).cloned()).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].variable, "APP_LISTEN");
    assert!(
        err.to_string().contains("APP_DEV_ALLOW_PUBLIC_LISTEN=true"),
        "{err}"
    );

    // A configuration that skipped that check (or a host name) is refused when binding.
    vars.insert("APP_LISTEN".into(), "127.0.0.1:0".into());
    for public in ["0.0.0.0:0", "[::]:0"] {
        let mut config = Config::from_lookup(&|k| vars.get(k).cloned()).unwrap();
        config.listen = public.into();
        let Err(err) = xuexin::Application::build(config).await else {
            panic!("dev mode started on {public}");
        };
        let text = format!("{err:#}");
        assert!(text.contains("APP_LISTEN: `"), "{text}");
        assert!(text.contains("APP_DEV_ALLOW_PUBLIC_LISTEN=true"), "{text}");
    }
    assert!(
        !dir.path().join("xuexin.db").exists(),
        "a refused start touches no database (and plants no demo)"
    );
}

async fn staff_emails(app: &TestApp) -> Vec<String> {
    app.db
        .run(|conn| {
            Ok(staff::table
                .select(staff::email)
                .order(staff::email)
                .load(conn)?)
        })
        .await
        .unwrap()
}

async fn school_and_enrollment_counts(app: &TestApp) -> (i64, i64) {
    app.db
        .run(|conn| {
            Ok((
                schools::table.count().get_result(conn)?,
                enrollments::table.count().get_result(conn)?,
            ))
        })
        .await
        .unwrap()
}

/// Restarts `app`'s database in dev with the demo switched on.
async fn restart_with_demo(app: &TestApp) {
    app.another_instance_with(&[("APP_DEMO_DATA", "true")])
        .await;
}

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn the_demo_staff_go_into_an_empty_database_once(app) {
        assert_eq!(staff_emails(&app).await.len(), xuexin::demo::STAFF.len());
        assert_eq!(school_and_enrollment_counts(&app).await, (6, 47));
        restart_with_demo(&app).await;
        assert_eq!(staff_emails(&app).await.len(), xuexin::demo::STAFF.len());
        assert_eq!(school_and_enrollment_counts(&app).await, (6, 47));
    }
);

api_test!(
    async fn demo_staff_are_not_planted_beside_an_existing_account(app) {
        app.register("first.student@example.cn").await;
        restart_with_demo(&app).await;
        assert_eq!(staff_emails(&app).await, Vec::<String>::new());
        assert_eq!(school_and_enrollment_counts(&app).await, (0, 0));
        let res = app
            .post("/api/v1/staff/sessions", serde_json::json!({"email": "admin@xuexin.example", "password": "Platform2026"}))
            .await;
        problem(res, 401).await;
    }
);

api_test!(
    async fn demo_staff_are_not_planted_beside_existing_staff(app) {
        app.staff_token(xuexin::staff::Role::PlatformAdmin, "ops@school.example.cn", None, None).await;
        restart_with_demo(&app).await;
        assert_eq!(staff_emails(&app).await, ["ops@school.example.cn"]);
        assert_eq!(school_and_enrollment_counts(&app).await, (0, 0));
    }
);

api_test!(
    async fn demo_staff_are_not_planted_beside_existing_records(app) {
        app.db
            .run(|conn| {
                Ok(diesel::insert_into(schools::table)
                    .values((schools::code.eq("30001"), schools::name.eq("甲大学"), schools::province_code.eq("11")))
                    .execute(conn)?)
            })
            .await
            .unwrap();
        restart_with_demo(&app).await;
        assert_eq!(staff_emails(&app).await, Vec::<String>::new());
        assert_eq!(school_and_enrollment_counts(&app).await, (1, 0));
    }
);
