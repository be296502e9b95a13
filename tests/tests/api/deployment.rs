//! Safe defaults of a deployment: the image starts in production, dev mode stays on loopback,
//! demo staff never land beside real data, and every answer carries the security headers.

use std::collections::HashMap;

use diesel::prelude::*;
use xuexin::config::Config;
use xuexin::db::schema::{enrollments, schools, staff};
use xuexin::http::security_headers::{style_hash, API_POLICY, SPA_POLICY, SWAGGER_POLICY};
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

/// Asserts the headers every answer carries, with `policy` as its Content-Security-Policy.
fn assert_security_headers(res: &reqwest::Response, policy: &str, what: &str) {
    let h = res.headers();
    let get = |name: &str| h.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        get("content-security-policy").as_deref(),
        Some(policy),
        "{what}"
    );
    assert_eq!(
        get("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        get("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(get("x-frame-options").as_deref(), Some("DENY"), "{what}");
}

fn hsts(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("strict-transport-security")
        .map(|v| v.to_str().unwrap().to_owned())
}

api_test!(
    async fn every_answer_carries_the_security_headers_of_its_part_of_the_site(app) {
        let html = |path: &str| app.client.get(app.url(path)).header("Accept", "text/html,*/*").send();
        let cases: Vec<(&str, reqwest::Response, u16, &str)> = vec![
            ("SPA shell", html("/").await.unwrap(), 200, SPA_POLICY),
            ("client route", html("/verify/ABCD2345EFGH").await.unwrap(), 200, SPA_POLICY),
            ("asset", app.get("/assets/app.js").await, 200, SPA_POLICY),
            ("missing asset", app.get("/assets/missing.js").await, 404, SPA_POLICY),
            ("OpenAPI document", app.get("/api-docs/openapi.json").await, 200, SPA_POLICY),
            ("health", app.get("/health").await, 200, API_POLICY),
            ("API", app.get("/api/v1/dev/outbox").await, 200, API_POLICY),
            ("API 401", app.get("/api/v1/me").await, 401, API_POLICY),
            ("API 404", app.get("/api/v1/no-such-thing").await, 404, API_POLICY),
            ("405", app.client.delete(app.url("/health")).send().await.unwrap(), 405, API_POLICY),
            ("bad JSON", app.client.post(app.url("/api/v1/accounts")).header("content-type", "application/json").body("{").send().await.unwrap(), 400, API_POLICY),
            ("docs redirect", app.get("/docs").await, 308, SWAGGER_POLICY),
            ("Swagger UI", app.get("/docs/").await, 200, SWAGGER_POLICY),
            ("Swagger UI script", app.get("/docs/swagger-initializer.js").await, 200, SWAGGER_POLICY),
        ];
        for (what, res, status, policy) in &cases {
            assert_eq!(res.status().as_u16(), *status, "{what}");
            assert_security_headers(res, policy, what);
            assert_eq!(hsts(res), None, "{what}: HSTS over plain http");
        }
        // The CSP of the docs allows no inline script: every script of the page is a file.
        let page = app.get("/docs/").await.text().await.unwrap();
        assert_eq!(page.matches("<script").count(), page.matches("<script src=").count(), "{page}");
    }
);

api_test!(with &[("APP_PUBLIC_URL", "https://xuexin.example.cn")],
    async fn hsts_is_sent_when_the_public_address_is_https(app) {
        for (path, status) in [("/", 200), ("/health", 200), ("/api/v1/no-such-thing", 404), ("/docs/", 200)] {
            let res = app.client.get(app.url(path)).header("Accept", "text/html,*/*").send().await.unwrap();
            assert_eq!(res.status().as_u16(), status, "{path}");
            assert_eq!(hsts(&res).as_deref(), Some("max-age=31536000"), "{path}");
            assert_eq!(res.headers()["x-frame-options"], "DENY", "{path}");
        }
    }
);

api_test!(with &[("APP_CORS_ORIGINS", "https://spa.example.cn")],
    async fn cors_preflight_answers_carry_the_security_headers_too(app) {
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/sessions"))
            .header("Origin", "https://spa.example.cn")
            .header("Access-Control-Request-Method", "POST")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status().as_u16(), 200);
        assert_security_headers(&preflight, API_POLICY, "preflight");
    }
);

api_test!(
    async fn the_dev_mailbox_allows_only_its_own_stylesheet(app) {
        let res = app.get("/dev/mailbox").await;
        assert_eq!(res.status().as_u16(), 200);
        let policy = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
        let page = res.text().await.unwrap();
        let css = page.split_once("<style>").unwrap().1.split_once("</style>").unwrap().0;
        assert_eq!(
            policy,
            format!("default-src 'none'; style-src '{}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'", style_hash(css))
        );
        assert_eq!(page.matches("<style").count(), 1);
        assert!(!page.contains("<script") && !page.contains(" style="), "{page}");
    }
);
