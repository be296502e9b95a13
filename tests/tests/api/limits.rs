//! Limits that must hold against a determined client: the real-name budget cannot be probed
//! around, per-IP limits follow the real client behind proxies, and budgets, lockouts and SMS
//! tries hold under many parallel requests (on PostgreSQL's default isolation too).

use std::collections::BTreeMap;

use chrono::Duration;
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use xuexin_tests::flows::{synthetic_id_number, synthetic_phone, PASSWORD};
use xuexin_tests::{api_test, problem, TestApp};

/// Room for the parallel requests to really run side by side on the server.
const PARALLEL: [(&str, &str); 1] = [("APP_DB_POOL_SIZE", "16")];

/// Sends every request at once, each on its own task, and waits for all the answers.
async fn send_all(requests: Vec<RequestBuilder>) -> Vec<reqwest::Response> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| tokio::spawn(r.send()))
        .collect();
    let mut responses = Vec::with_capacity(tasks.len());
    for task in tasks {
        responses.push(task.await.unwrap().expect("request sent"));
    }
    responses
}

fn lookup(app: &TestApp) -> RequestBuilder {
    app.client
        .get(app.url("/api/v1/degree-checks?certificate_no=1&name=x"))
}

fn login(app: &TestApp, email: &str, password: &str) -> RequestBuilder {
    app.client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"email": email, "password": password}))
}

fn registration_step(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
) -> RequestBuilder {
    app.authed(method, &format!("/api/v1/registration/{path}"), token)
        .json(&body)
}

/// How many answers had each (status, problem code), e.g. `{"401 invalid_credentials": 10}`.
async fn tally(responses: Vec<reqwest::Response>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for res in responses {
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        let code = body["code"].as_str().unwrap_or("-").to_owned();
        *counts.entry(format!("{status} {code}")).or_insert(0) += 1;
    }
    counts
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Registers and activates `email`; returns the registration token.
async fn activated(app: &TestApp, email: &str) -> String {
    app.register(email).await;
    app.activate(email).await
}

/// A new registration token for the unfinished registration of `email` (they last two hours).
async fn fresh_token(app: &TestApp, email: &str) -> String {
    let body: Value = app.login(email, PASSWORD).await.json().await.unwrap();
    assert_eq!(body["status"], "registration_incomplete", "{body}");
    body["registration_token"].as_str().unwrap().to_owned()
}

/// `GET` a public lookup (counted per client IP) with an `X-Forwarded-For` header.
async fn lookup_forwarded(app: &TestApp, forwarded_for: &str) -> u16 {
    lookup(app)
        .header("x-forwarded-for", forwarded_for)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

api_test!(
    async fn a_refused_name_and_id_pair_stays_refused_until_the_budget_allows_it(app) {
        let token = activated(&app, "probe@example.cn").await;
        for seed in 0..5 {
            let res = app.identity(&token, "李明", &synthetic_id_number(seed)).await;
            assert_eq!(res.status().as_u16(), 200, "pair {seed}");
        }
        let sixth = synthetic_id_number(5);
        for round in 0..3 {
            let res = app.identity(&token, "李明", &sixth).await;
            let body = problem(res, 429).await;
            assert_eq!(body["code"], "identity_attempts_exhausted", "round {round}");
            assert!(body.get("records_found").is_none());
        }
        // A pair answered before is answered again.
        let again = app.identity(&token, "李明", &synthetic_id_number(0)).await;
        assert_eq!(again.status().as_u16(), 200);
        app.clock.advance(Duration::days(1) + Duration::seconds(1));
        let token = fresh_token(&app, "probe@example.cn").await;
        let res = app.identity(&token, "李明", &sixth).await;
        assert_eq!(res.status().as_u16(), 200, "a new day, a new budget");
    }
);

api_test!(with &PARALLEL,
    async fn the_real_name_budget_holds_under_50_parallel_submissions(app) {
        let token = activated(&app, "racer@example.cn").await;
        let ids: Vec<String> = (100..150).map(synthetic_id_number).collect();
        let sent = send_all(
            ids.iter()
                .map(|id| registration_step(&app, Method::PUT, "identity", &token, json!({"name": "李明", "id_number": id})))
                .collect(),
        )
        .await;
        assert_eq!(
            tally(sent).await,
            counts(&[("200 -", 5), ("429 identity_attempts_exhausted", 45)])
        );
    }
);

api_test!(with &[PARALLEL[0], ("APP_IP_PUBLIC_LOOKUPS_PER_MINUTE", "10")],
    async fn a_per_ip_budget_holds_under_50_parallel_requests(app) {
        let sent = send_all((0..50).map(|_| lookup(&app)).collect()).await;
        assert_eq!(
            tally(sent).await,
            counts(&[("200 -", 10), ("429 too_many_lookups", 40)])
        );
    }
);

api_test!(with &PARALLEL,
    async fn fifty_parallel_wrong_passwords_check_no_more_than_the_lockout_limit(app) {
        let email = app.active_account("locked@example.cn").await;
        let sent = send_all(
            (0..50)
                .map(|i| login(&app, &email, &format!("Wrong{i}pass2026")))
                .collect(),
        )
        .await;
        assert_eq!(
            tally(sent).await,
            counts(&[("401 invalid_credentials", 10), ("429 account_locked", 40)])
        );
        let res = app.login(&email, PASSWORD).await;
        assert_eq!(problem(res, 429).await["code"], "account_locked");
        let account_id = account_id(&app, &email).await;
        let actions = app.audit_actions(&account_id).await;
        let count = |a: &str| actions.iter().filter(|x| *x == a).count();
        assert_eq!(count("account.login_failed"), 10);
        assert_eq!(count("account.locked"), 1, "locked once: {actions:?}");
    }
);

api_test!(with &[PARALLEL[0], ("APP_IP_LOGIN_MAX_FAILURES", "10")],
    async fn the_per_ip_login_throttle_holds_under_50_parallel_attempts(app) {
        let sent = send_all(
            (0..50)
                .map(|i| login(&app, &format!("nobody{i}@example.cn"), "Wrong2026pass"))
                .collect(),
        )
        .await;
        assert_eq!(
            tally(sent).await,
            counts(&[
                ("401 invalid_credentials", 10),
                ("429 too_many_failed_logins_from_ip", 40)
            ])
        );
    }
);

api_test!(with &[("APP_IP_LOGIN_MAX_FAILURES", "3")],
    async fn a_right_password_does_not_count_against_the_ip(app) {
        let email = app.active_account("fine@example.cn").await;
        for _ in 0..5 {
            assert_eq!(app.login(&email, PASSWORD).await.status().as_u16(), 200);
        }
        for _ in 0..3 {
            assert_eq!(app.login(&email, "Wrong2026pass").await.status().as_u16(), 401);
        }
        let res = app.login(&email, PASSWORD).await;
        assert_eq!(problem(res, 429).await["code"], "too_many_failed_logins_from_ip");
    }
);

api_test!(with &PARALLEL,
    async fn thirty_parallel_wrong_sms_codes_get_exactly_the_allowed_tries(app) {
        let token = activated(&app, "guess@example.cn").await;
        assert_eq!(app.identity(&token, "李明", &synthetic_id_number(7)).await.status().as_u16(), 200);
        let phone = synthetic_phone(7);
        assert_eq!(app.request_code(&token, &phone).await.status().as_u16(), 202);
        let right = app.sms_code(&phone).await;
        let wrong: Vec<String> = (0..30)
            .map(|i| format!("{:06}", (right.parse::<u32>().unwrap() + 1 + i) % 1_000_000))
            .collect();
        let sent = send_all(
            wrong
                .iter()
                .map(|c| registration_step(&app, Method::POST, "phone/verify", &token, json!({"phone": phone, "code": c})))
                .collect(),
        )
        .await;
        assert_eq!(
            tally(sent).await,
            counts(&[("400 code_incorrect", 4), ("400 code_dead", 26)])
        );
        let res = app.submit_code(&token, &phone, &right).await;
        assert_eq!(problem(res, 400).await["code"], "code_dead");
    }
);

api_test!(with &[("APP_SMS_COOLDOWN_SECS", "0"), ("APP_SMS_DAILY_PER_ACCOUNT", "2"), ("APP_IP_SMS_DAILY_CODES", "3")],
    async fn sms_codes_are_capped_per_account_and_per_ip_each_day(app) {
        let a = activated(&app, "sms-a@example.cn").await;
        let b = activated(&app, "sms-b@example.cn").await;
        assert_eq!(app.identity(&a, "李明", &synthetic_id_number(1)).await.status().as_u16(), 200);
        assert_eq!(app.identity(&b, "李明", &synthetic_id_number(2)).await.status().as_u16(), 200);
        for phone in ["13900000001", "13900000002"] {
            assert_eq!(app.request_code(&a, phone).await.status().as_u16(), 202);
        }
        let res = app.request_code(&a, "13900000003").await;
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(problem(res, 429).await["code"], "account_daily_limit");
        // The refused request was not counted for the IP: one more code fits.
        assert_eq!(app.request_code(&b, "13900000004").await.status().as_u16(), 202);
        let res = app.request_code(&b, "13900000005").await;
        assert_eq!(problem(res, 429).await["code"], "too_many_requests_from_ip");
        app.clock.advance(Duration::days(1) + Duration::seconds(1));
        let (a, b) = (
            fresh_token(&app, "sms-a@example.cn").await,
            fresh_token(&app, "sms-b@example.cn").await,
        );
        assert_eq!(app.request_code(&b, "13900000005").await.status().as_u16(), 202);
        assert_eq!(app.request_code(&a, "13900000003").await.status().as_u16(), 202);
    }
);

api_test!(with &PARALLEL,
    async fn the_sms_cooldown_holds_under_20_parallel_requests(app) {
        let token = activated(&app, "burst@example.cn").await;
        assert_eq!(app.identity(&token, "李明", &synthetic_id_number(9)).await.status().as_u16(), 200);
        let phones: Vec<String> = (0..20).map(|i| format!("1390000{i:04}")).collect();
        let sent = send_all(
            phones
                .iter()
                .map(|p| registration_step(&app, Method::POST, "phone/code", &token, json!({"phone": p})))
                .collect(),
        )
        .await;
        assert_eq!(
            tally(sent).await,
            counts(&[("202 -", 1), ("429 code_cooldown", 19)])
        );
    }
);

api_test!(with &[("APP_TRUST_FORWARDED_FOR", "true"), ("APP_IP_PUBLIC_LOOKUPS_PER_MINUTE", "3")],
    async fn behind_a_trusted_proxy_a_forged_forwarded_for_does_not_dodge_ip_limits(app) {
        // The proxy on 127.0.0.1 (trusted by default) appended the client it saw, 203.0.113.7;
        // the client made up everything to its left, differently each time.
        for i in 0..3 {
            assert_eq!(lookup_forwarded(&app, &format!("198.51.100.{i}, 203.0.113.7")).await, 200);
        }
        assert_eq!(lookup_forwarded(&app, "198.51.100.99, 203.0.113.7").await, 429);
        assert_eq!(lookup_forwarded(&app, "203.0.113.7").await, 429);
        // Another client behind the same proxy has its own budget.
        assert_eq!(lookup_forwarded(&app, "203.0.113.8").await, 200);
    }
);

api_test!(with &[("APP_TRUST_FORWARDED_FOR", "true"), ("APP_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"), ("APP_IP_PUBLIC_LOOKUPS_PER_MINUTE", "3")],
    async fn forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(app) {
        for i in 0..3 {
            assert_eq!(lookup_forwarded(&app, &format!("198.51.100.{i}")).await, 200);
        }
        assert_eq!(lookup_forwarded(&app, "198.51.100.3").await, 429);
        let res = app.get("/api/v1/degree-checks?certificate_no=1&name=x").await;
        assert_eq!(problem(res, 429).await["code"], "too_many_lookups");
    }
);

/// The id of the account with `email`, read from the database (it cannot log in now).
async fn account_id(app: &TestApp, email: &str) -> String {
    use diesel::prelude::*;
    use xuexin::db::schema::accounts as a;
    let email = email.to_owned();
    app.db
        .run(move |conn| {
            Ok(a::table
                .filter(a::email.eq(&email))
                .select(a::id)
                .first::<String>(conn)?)
        })
        .await
        .unwrap()
}
