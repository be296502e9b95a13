//! Password hashing runs on a bounded pool: a full pool answers 503 with `Retry-After` (never a
//! 500, never an unbounded pile of hashes), refused registrations cost no hash, and a stolen
//! access token cannot be used to guess the password through `PUT /me/password`.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

/// One hashing thread and one waiting place: easy to fill.
const ONE_WORKER: &[(&str, &str)] = &[("APP_HASH_WORKERS", "1"), ("APP_HASH_QUEUE", "1")];

/// `n` logins of `email` sent at the same time; their statuses and bodies.
async fn parallel_logins(
    app: &TestApp,
    n: usize,
    email: &str,
) -> Vec<(u16, Option<String>, Value)> {
    let requests: Vec<_> = (0..n)
        .map(|_| {
            let request = app
                .client
                .post(app.url("/api/v1/sessions"))
                .json(&json!({"email": email, "password": PASSWORD}));
            tokio::spawn(async move {
                let res = request.send().await.expect("request sent");
                let status = res.status().as_u16();
                let retry_after = res
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_owned());
                (status, retry_after, res.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut answers = Vec::new();
    for r in requests {
        answers.push(r.await.unwrap());
    }
    answers
}

/// Occupies the only worker until the returned sender is used or dropped, and fills the queue.
async fn fill_the_pool(
    app: &TestApp,
) -> (std::sync::mpsc::Sender<()>, tokio::task::JoinHandle<()>) {
    let (started_tx, started) = tokio::sync::oneshot::channel();
    let (release, gate) = std::sync::mpsc::channel::<()>();
    let busy = app
        .hash_pool
        .submit(move |_, _| {
            started_tx.send(()).unwrap();
            let _ = gate.recv();
        })
        .expect("the pool is empty");
    let waiting = tokio::spawn(async move { busy.await.unwrap() });
    started.await.unwrap();
    let queued = app
        .hash_pool
        .submit(|_, _| ())
        .expect("the queue has room for one");
    let both = tokio::spawn(async move {
        waiting.await.unwrap();
        queued.await.unwrap();
    });
    (release, both)
}

fn token(body: &Value, key: &str) -> String {
    body[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {body}"))
        .to_owned()
}

async fn change_password(
    app: &TestApp,
    access: &str,
    current: &str,
    new: &str,
) -> reqwest::Response {
    app.authed(Method::PUT, "/api/v1/me/password", access)
        .json(&json!({"current_password": current, "new_password": new}))
        .send()
        .await
        .unwrap()
}

async fn assert_server_busy(res: reqwest::Response) {
    assert_eq!(
        res.headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap()),
        Some("1")
    );
    assert_eq!(problem(res, 503).await["code"], "server_busy");
}

api_test!(with ONE_WORKER,
    async fn a_full_hashing_pool_answers_503_server_busy_with_retry_after_and_then_serves_again(app) {
        app.active_account("busy@example.cn").await;
        let session = app.session("busy@example.cn").await;
        let (release, drained) = fill_the_pool(&app).await;

        // As many refused logins as the lockout allows failures: each is taken back, so the
        // password change after them is still refused for being busy, not for a lockout.
        for (status, retry_after, body) in parallel_logins(&app, 10, "busy@example.cn").await {
            assert_eq!((status, retry_after.as_deref()), (503, Some("1")), "{body}");
            assert_eq!(body["code"], "server_busy");
        }
        assert_server_busy(app.login("nobody@example.cn", PASSWORD).await).await;
        assert_server_busy(app.post("/api/v1/accounts", json!({"email": "later@example.cn", "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await).await;
        let access = token(&session, "access_token");
        assert_server_busy(change_password(&app, &access, PASSWORD, "BrandNew2026").await).await;
        let res = app.post("/api/v1/staff/sessions", json!({"email": "staff@example.cn", "password": PASSWORD})).await;
        assert_server_busy(res).await;
        assert_eq!(app.hash_pool.refused(), 14);

        release.send(()).unwrap();
        drained.await.unwrap();
        // Refused logins were not counted as wrong passwords: the account is not locked.
        app.session("busy@example.cn").await;
        assert_eq!(change_password(&app, &access, PASSWORD, "BrandNew2026").await.status().as_u16(), 204);
    }
);

// Logins still being checked count toward the lockout (limits.rs), so the lockout is lifted out
// of the way here: this test is about the pool.
api_test!(with &[("APP_HASH_WORKERS", "1"), ("APP_HASH_QUEUE", "1"), ("APP_ARGON2_MEMORY_KIB", "8192"), ("APP_ARGON2_ITERATIONS", "2"), ("APP_LOGIN_MAX_FAILURES", "100")],
    async fn parallel_logins_on_one_hashing_thread_succeed_or_get_503_never_500(app) {
        app.active_account("crowd@example.cn").await;
        let answers = parallel_logins(&app, 12, "crowd@example.cn").await;
        let mut ok = 0;
        for (status, retry_after, body) in &answers {
            match status {
                200 => {
                    assert_eq!(body["status"], "active");
                    ok += 1;
                }
                503 => {
                    assert_eq!((body["code"].as_str(), retry_after.as_deref()), (Some("server_busy"), Some("1")));
                }
                other => panic!("unexpected {other}: {body}"),
            }
        }
        assert!(ok >= 1, "the first login to reach the empty pool is served");
        assert_eq!(answers.len() - ok, app.hash_pool.refused() as usize);
        assert_eq!(app.hash_pool.peak_running(), 1, "never more hashes at once than threads");
    }
);

api_test!(with &[("APP_IP_REGISTRATIONS_PER_HOUR", "2")],
    async fn registrations_refused_for_a_taken_email_or_over_the_ip_budget_cost_no_hash(app) {
        let before = app.hash_pool.completed();
        app.register("taken@example.cn").await;
        assert_eq!(app.hash_pool.completed(), before + 1, "a registration hashes once");

        let res = app.post("/api/v1/accounts", json!({"email": "Taken@example.cn", "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
        let body = problem(res, 409).await;
        assert_eq!((body["code"].as_str(), body["errors"][0]["field"].as_str()), (Some("email_taken"), Some("email")));
        assert_eq!(app.hash_pool.completed(), before + 1, "a taken email is refused before hashing");

        let res = app.post("/api/v1/accounts", json!({"email": "fresh@example.cn", "password": PASSWORD, "consent_version": xuexin::privacy::NOTICE_VERSION})).await;
        assert_eq!(problem(res, 429).await["code"], "too_many_requests_from_ip");
        assert_eq!(app.hash_pool.completed(), before + 1, "the per-IP budget is checked before hashing");
    }
);

api_test!(
    async fn ten_wrong_current_passwords_lock_the_account_even_with_a_valid_token(app) {
        let created = app.register("stolen@example.cn").await;
        app.activate("stolen@example.cn").await;
        app.complete_registration("stolen@example.cn").await;
        let access = token(&app.session("stolen@example.cn").await, "access_token");
        for i in 0..10 {
            let body = problem(change_password(&app, &access, &format!("Guess{i}2026"), "BrandNew2026").await, 422).await;
            assert_eq!(body["errors"][0]["code"], "password_incorrect");
        }
        // Locked: even the right current password is refused, with the wait; so is a login.
        let res = change_password(&app, &access, PASSWORD, "BrandNew2026").await;
        let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((890..=900).contains(&retry), "{retry}");
        assert_eq!(problem(res, 429).await["code"], "account_locked");
        assert_eq!(problem(app.login("stolen@example.cn", PASSWORD).await, 429).await["code"], "account_locked");
        assert!(app.audit_actions(created["id"].as_str().unwrap()).await.contains(&"account.locked".to_owned()));

        // After the lockout (the access token of 15 minutes has expired too): log in again.
        app.clock.advance(Duration::minutes(15) + Duration::seconds(1));
        let access = token(&app.session("stolen@example.cn").await, "access_token");
        assert_eq!(change_password(&app, &access, PASSWORD, "BrandNew2026").await.status().as_u16(), 204);
    }
);

api_test!(
    async fn wrong_current_passwords_and_wrong_logins_share_one_lockout(app) {
        app.active_account("shared@example.cn").await;
        let access = token(&app.session("shared@example.cn").await, "access_token");
        for _ in 0..6 {
            assert_eq!(change_password(&app, &access, "WrongPass1", "BrandNew2026").await.status().as_u16(), 422);
        }
        for _ in 0..4 {
            assert_eq!(problem(app.login("shared@example.cn", "WrongPass1").await, 401).await["code"], "invalid_credentials");
        }
        assert_eq!(problem(change_password(&app, &access, PASSWORD, "BrandNew2026").await, 429).await["code"], "account_locked");
        assert_eq!(problem(app.login("shared@example.cn", PASSWORD).await, 429).await["code"], "account_locked");
    }
);

api_test!(
    async fn the_right_current_password_forgets_earlier_wrong_ones(app) {
        app.active_account("typo@example.cn").await;
        let access = token(&app.session("typo@example.cn").await, "access_token");
        for _ in 0..9 {
            assert_eq!(change_password(&app, &access, "WrongPass1", "BrandNew2026").await.status().as_u16(), 422);
        }
        // Right current password, but the new one breaks a rule: the failures are forgotten anyway.
        let body = problem(change_password(&app, &access, PASSWORD, "short").await, 422).await;
        assert_eq!(body["errors"][0]["field"], "new_password");
        assert_eq!(change_password(&app, &access, "WrongPass1", "BrandNew2026").await.status().as_u16(), 422);
        assert_eq!(change_password(&app, &access, PASSWORD, "BrandNew2026").await.status().as_u16(), 204);
    }
);

api_test!(with &[("APP_HASH_WORKERS", "1"), ("APP_HASH_QUEUE", "4"), ("APP_DB_POOL_SIZE", "1"), ("APP_DB_TIMEOUT_SECS", "1")],
    async fn a_login_waiting_for_a_hashing_thread_holds_no_database_connection(app) {
        app.active_account("wait@example.cn").await;
        let access = token(&app.session("wait@example.cn").await, "access_token");
        let (started_tx, started) = tokio::sync::oneshot::channel();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let busy = app.hash_pool.submit(move |_, _| {
            started_tx.send(()).unwrap();
            let _ = gate.recv();
        }).unwrap();
        let busy = tokio::spawn(busy);
        started.await.unwrap();

        let login = app.client.post(app.url("/api/v1/sessions")).json(&json!({"email": "wait@example.cn", "password": PASSWORD}));
        let login = tokio::spawn(async move { login.send().await.unwrap().status().as_u16() });
        while app.hash_pool.waiting() == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        // The login waits for the hashing thread; the only database connection is free meanwhile.
        assert_eq!(app.authed(Method::GET, "/api/v1/me", &access).send().await.unwrap().status().as_u16(), 200);

        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        assert_eq!(login.await.unwrap(), 200);
    }
);
