//! The staff TOTP second factor (issue 16): required for platform admins and support agents,
//! enrolment, two-step login, replay, recovery codes, the shared lockout, an admin's reset.
//! Codes are computed here from the secret the server hands out, at the server's clock.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::auth::totp;
use xuexin::clock::Clock;
use xuexin::staff::Role;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

const REQUIRED: (&str, &str) = ("APP_STAFF_TOTP_REQUIRED", "true");

/// The code of `secret` (base32) at the server's clock, `steps` time steps from now.
fn code(app: &TestApp, secret: &str, steps: i64) -> String {
    let bytes = totp::base32_decode(secret).expect("base32 secret");
    totp::code_at(&bytes, totp::step_of(app.clock.now()) + steps)
}

/// Moves the server's clock to the next time step (so a fresh code exists).
fn next_step(app: &TestApp) {
    app.clock
        .advance(chrono::Duration::seconds(totp::STEP_SECS));
}

/// Enrols the staff member of `token`; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let res = app
        .authed(
            Method::POST,
            "/api/v1/staff/me/second-factor/enrolment",
            token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let body: Value = res.json().await.unwrap();
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert!(
        body["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Xuexin%3A"),
        "{body}"
    );
    assert!(body["otpauth_uri"]
        .as_str()
        .unwrap()
        .contains(&format!("secret={secret}")));
    let res = app
        .send(
            Method::POST,
            "/api/v1/staff/me/second-factor",
            token,
            json!({"code": code(app, &secret, 0)}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let codes: Vec<String> =
        serde_json::from_value(res.json::<Value>().await.unwrap()["recovery_codes"].clone())
            .unwrap();
    (secret, codes)
}

async fn password_step(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/staff/sessions",
        json!({"email": email, "password": password}),
    )
    .await
}

/// The challenge of a right password (202, no token).
async fn challenge(app: &TestApp, email: &str) -> String {
    let res = password_step(app, email, PASSWORD).await;
    assert_eq!(res.status().as_u16(), 202);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.get("access_token").is_none(),
        "no token before the code: {body}"
    );
    assert_eq!(body["second_factor_required"], true);
    body["challenge"].as_str().unwrap().to_owned()
}

async fn second_step(app: &TestApp, challenge: &str, proof: Value) -> reqwest::Response {
    let mut body = proof;
    body["challenge"] = json!(challenge);
    app.post("/api/v1/staff/sessions/second-factor", body).await
}

async fn staff_id(app: &TestApp, token: &str) -> String {
    app.get_ok("/api/v1/staff/me", token).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

api_test!(with &[REQUIRED],
    async fn an_admin_without_a_second_factor_can_use_no_staff_endpoint_until_enrolled(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let refused = problem(app.authed(Method::GET, "/api/v1/staff/accounts", &admin).send().await.unwrap(), 403).await;
        assert_eq!(refused["code"], "setup_required");
        assert_eq!(refused["errors"][0]["field"], "second_factor");
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/audit-events", &admin).send().await.unwrap(), 403).await["code"], "setup_required");
        let me = app.get_ok("/api/v1/staff/me", &admin).await;
        assert_eq!(me["setup_required"], json!(["second_factor"]));
        assert_eq!((me["second_factor_required"].as_bool(), me["second_factor_enrolled"].as_bool()), (Some(true), Some(false)));

        // A wrong code does not enrol; a code before enrolment started is refused as such.
        assert_eq!(problem(app.send(Method::POST, "/api/v1/staff/me/second-factor", &admin, json!({"code": "123456"})).await, 409).await["code"], "no_enrolment_started");
        let res = app.authed(Method::POST, "/api/v1/staff/me/second-factor/enrolment", &admin).send().await.unwrap();
        let secret = res.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_owned();
        let wrong = format!("{:06}", (code(&app, &secret, 0).parse::<u32>().unwrap() + 1) % 1_000_000);
        assert_eq!(problem(app.send(Method::POST, "/api/v1/staff/me/second-factor", &admin, json!({"code": wrong})).await, 401).await["code"], "invalid_second_factor");
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/staff/accounts", &admin).send().await.unwrap(), 403).await["code"], "setup_required");

        let res = app.send(Method::POST, "/api/v1/staff/me/second-factor", &admin, json!({"code": code(&app, &secret, 0)})).await;
        let codes = res.json::<Value>().await.unwrap()["recovery_codes"].as_array().unwrap().len();
        assert_eq!(codes, 10);
        assert_eq!(app.get_ok("/api/v1/staff/me", &admin).await["setup_required"], json!([]));
        app.get_ok("/api/v1/staff/accounts", &admin).await;
        let id = staff_id(&app, &admin).await;
        assert_eq!(app.audit_actions(&id).await, ["staff.created", "staff.second_factor_enrolled"]);
        // The secret is stored encrypted, never as the base32 the app got.
        let stored = app.db.run(move |conn| Ok(xuexin::staff::store::find_by_id(conn, &id)?)).await.unwrap().unwrap();
        let sealed = stored.totp_secret.unwrap();
        assert!(!sealed.contains(&secret) && sealed.len() > 40, "{sealed}");

        // Support agents are held the same way; a school admin is not.
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/support/accounts?email=x@example.cn", &support).send().await.unwrap(), 403).await["code"], "setup_required");
        let school = app.staff_token(Role::ProvincialReviewer, "pku@example.cn", None, Some("11")).await;
        assert_eq!(app.get_ok("/api/v1/staff/me", &school).await["setup_required"], json!([]));
        app.get_ok("/api/v1/change-requests", &school).await;
    }
);

api_test!(with &[REQUIRED],
    async fn login_takes_a_code_after_the_password_and_a_code_is_accepted_once(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let (secret, _) = enrol(&app, &admin).await;
        assert_eq!(problem(password_step(&app, "admin@example.cn", "WrongPass1").await, 401).await["code"], "invalid_credentials");

        // The code that confirmed the enrolment cannot log in within its window.
        let c = challenge(&app, "admin@example.cn").await;
        assert_eq!(problem(second_step(&app, &c, json!({"code": code(&app, &secret, 0)})).await, 401).await["code"], "invalid_second_factor");
        next_step(&app);
        let fresh = code(&app, &secret, 0);
        let res = second_step(&app, &c, json!({"code": fresh})).await;
        assert_eq!(res.status().as_u16(), 200);
        let token = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        app.get_ok("/api/v1/staff/accounts", &token).await;
        // Replayed with a new challenge, or a code of the step before: refused.
        let again = challenge(&app, "admin@example.cn").await;
        assert_eq!(problem(second_step(&app, &again, json!({"code": fresh})).await, 401).await["code"], "invalid_second_factor");
        assert_eq!(problem(second_step(&app, &again, json!({"code": code(&app, &secret, -1)})).await, 401).await["code"], "invalid_second_factor");
        // The next step's code still works (one step of clock drift is allowed).
        assert_eq!(second_step(&app, &again, json!({"code": code(&app, &secret, 1)})).await.status().as_u16(), 200);

        // A challenge is not a staff token, a staff token is not a challenge, and both expire.
        let c = challenge(&app, "admin@example.cn").await;
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/staff/me", &c).send().await.unwrap(), 401).await["code"], "token_wrong_kind");
        assert_eq!(problem(second_step(&app, &token, json!({"code": "000000"})).await, 401).await["code"], "challenge_invalid");
        app.clock.advance(chrono::Duration::seconds(301));
        assert_eq!(problem(second_step(&app, &c, json!({"code": code(&app, &secret, 0)})).await, 401).await["code"], "challenge_expired");
        let p = problem(second_step(&app, &c, json!({})).await, 422).await;
        assert_eq!((p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()), (Some("code"), Some("code_required")));
    }
);

api_test!(with &[REQUIRED],
    async fn two_parallel_submissions_of_one_code_start_exactly_one_session(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let (secret, _) = enrol(&app, &admin).await;
        next_step(&app);
        for _ in 0..3 {
            let fresh = code(&app, &secret, 0);
            let (a, b) = (challenge(&app, "admin@example.cn").await, challenge(&app, "admin@example.cn").await);
            let (ra, rb) = tokio::join!(second_step(&app, &a, json!({"code": fresh})), second_step(&app, &b, json!({"code": fresh})));
            let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
            statuses.sort();
            assert_eq!(statuses, [200, 401], "exactly one of two parallel uses of a fresh code passes");
            next_step(&app);
        }
    }
);

api_test!(with &[REQUIRED],
    async fn a_recovery_code_logs_in_once(app) {
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let (_, codes) = enrol(&app, &support).await;
        let c = challenge(&app, "desk@example.cn").await;
        // Any case, with spaces instead of hyphens.
        let typed = codes[3].to_lowercase().replace('-', " ");
        assert_eq!(second_step(&app, &c, json!({"recovery_code": typed})).await.status().as_u16(), 200);
        let c = challenge(&app, "desk@example.cn").await;
        assert_eq!(problem(second_step(&app, &c, json!({"recovery_code": codes[3]})).await, 401).await["code"], "invalid_second_factor");
        let p = problem(second_step(&app, &c, json!({"recovery_code": codes[4], "code": "123456"})).await, 422).await;
        assert_eq!(p["errors"][0]["code"], "one_proof_only");
        assert_eq!(second_step(&app, &c, json!({"recovery_code": codes[4]})).await.status().as_u16(), 200);
        let id = staff_id(&app, &support).await;
        let actions = app.audit_actions(&id).await;
        assert_eq!(actions.iter().filter(|a| *a == "staff.recovery_code_used").count(), 2, "{actions:?}");

        // New codes (with an app code) replace the old ones.
        let res = app.send(Method::POST, "/api/v1/staff/me/second-factor/recovery-codes", &support, json!({"code": "000000"})).await;
        assert_eq!(problem(res, 401).await["code"], "invalid_second_factor");
    }
);

api_test!(with &[REQUIRED, ("APP_LOGIN_MAX_FAILURES", "3")],
    async fn wrong_codes_and_wrong_passwords_share_one_lockout(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let (secret, _) = enrol(&app, &admin).await;
        next_step(&app);
        let wrong = format!("{:06}", (code(&app, &secret, 0).parse::<u32>().unwrap() + 500_000) % 1_000_000);
        // A right password between wrong codes does not wipe the count.
        assert_eq!(problem(password_step(&app, "admin@example.cn", "WrongPass1").await, 401).await["code"], "invalid_credentials");
        let c = challenge(&app, "admin@example.cn").await;
        assert_eq!(second_step(&app, &c, json!({"code": wrong})).await.status().as_u16(), 401);
        let c = challenge(&app, "admin@example.cn").await;
        assert_eq!(second_step(&app, &c, json!({"code": wrong})).await.status().as_u16(), 401);
        // Locked: the right code and the right password are both refused now.
        let locked = second_step(&app, &c, json!({"code": code(&app, &secret, 0)})).await;
        assert!(locked.headers().get("retry-after").is_some());
        assert_eq!(problem(locked, 429).await["code"], "account_locked");
        assert_eq!(problem(password_step(&app, "admin@example.cn", PASSWORD).await, 429).await["code"], "account_locked");
        app.clock.advance(chrono::Duration::minutes(16));
        let c = challenge(&app, "admin@example.cn").await;
        assert_eq!(second_step(&app, &c, json!({"code": code(&app, &secret, 0)})).await.status().as_u16(), 200);
    }
);

api_test!(with &[REQUIRED],
    async fn an_admin_resets_a_second_factor_with_a_reason_ending_the_sessions(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        enrol(&app, &admin).await;
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        enrol(&app, &support).await;
        let id = staff_id(&app, &support).await;
        let path = format!("/api/v1/staff/accounts/{id}/second-factor/reset");
        let p = problem(app.send(Method::POST, &path, &admin, json!({})).await, 422).await;
        assert_eq!(p["errors"][0]["field"], "reason");
        assert_eq!(problem(app.send(Method::POST, &path, &support, json!({"reason": "x"})).await, 403).await["code"], "outside_role");
        let own = format!("/api/v1/staff/accounts/{}/second-factor/reset", staff_id(&app, &admin).await);
        assert_eq!(problem(app.send(Method::POST, &own, &admin, json!({"reason": "x"})).await, 409).await["code"], "cannot_reset_own_second_factor");

        let res = app.send(Method::POST, &path, &admin, json!({"reason": "手机丢失，电话核实本人"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["second_factor_enrolled"], false);
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/staff/me", &support).send().await.unwrap(), 401).await["code"], "session_revoked");
        // The password alone logs in again, to a token that must enrol anew first.
        let res = password_step(&app, "desk@example.cn", PASSWORD).await;
        assert_eq!(res.status().as_u16(), 200);
        let token = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.get_ok("/api/v1/staff/me", &token).await["setup_required"], json!(["second_factor"]));
        let admin_id = staff_id(&app, &admin).await;
        let events = app.get_ok(&format!("/api/v1/audit-events?action=staff.second_factor_reset&target={id}"), &admin).await;
        assert_eq!(events["total"], 1);
        let e = &events["items"][0];
        assert_eq!((e["actor_id"].as_str(), e["reason"].as_str()), (Some(admin_id.as_str()), Some("手机丢失，电话核实本人")));
    }
);

api_test!(with &[REQUIRED],
    async fn an_optional_role_turns_it_off_with_password_and_code_and_a_required_role_cannot(app) {
        let school = app.staff_token(Role::ProvincialReviewer, "pku@example.cn", None, Some("11")).await;
        let (secret, _) = enrol(&app, &school).await;
        let me = app.get_ok("/api/v1/staff/me", &school).await;
        assert_eq!((me["second_factor_enrolled"].as_bool(), me["may_turn_off_second_factor"].as_bool()), (Some(true), Some(true)));
        next_step(&app);
        let res = app.send(Method::POST, "/api/v1/staff/me/second-factor/recovery-codes", &school, json!({"code": code(&app, &secret, 0)})).await;
        assert_eq!(res.json::<Value>().await.unwrap()["recovery_codes"].as_array().unwrap().len(), 10);
        next_step(&app);
        let off = |password: &str, code: String| app.send(Method::DELETE, "/api/v1/staff/me/second-factor", &school, json!({"password": password, "code": code}));
        assert_eq!(problem(off("WrongPass1", code(&app, &secret, 0)).await, 401).await["code"], "wrong_password");
        assert_eq!(problem(off(PASSWORD, "000000".into()).await, 401).await["code"], "invalid_second_factor");
        assert_eq!(off(PASSWORD, code(&app, &secret, 0)).await.status().as_u16(), 204);
        assert_eq!(password_step(&app, "pku@example.cn", PASSWORD).await.status().as_u16(), 200, "one step again");
        let id = staff_id(&app, &school).await;
        assert_eq!(app.audit_actions(&id).await, ["staff.created", "staff.second_factor_enrolled", "staff.recovery_codes_regenerated", "staff.second_factor_removed"]);

        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let (secret, _) = enrol(&app, &admin).await;
        next_step(&app);
        let res = app.send(Method::DELETE, "/api/v1/staff/me/second-factor", &admin, json!({"password": PASSWORD, "code": code(&app, &secret, 0)})).await;
        assert_eq!(problem(res, 403).await["code"], "second_factor_required_for_role");
    }
);

api_test!(with &[("APP_LOGIN_MAX_FAILURES", "2")],
    async fn a_burst_of_right_passwords_is_served_not_taken_for_a_lockout(app) {
        app.staff_token(Role::ProvincialReviewer, "pku@example.cn", None, Some("11")).await;
        let answers = parallel_logins(&app, "pku@example.cn", vec![PASSWORD.to_owned(); 8]).await;
        assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
        // Wrong passwords in parallel still lock after two.
        let wrong = (0..6).map(|i| format!("Wrong{i}pass1")).collect();
        let answers = parallel_logins(&app, "pku@example.cn", wrong).await;
        let count = |c: &str| answers.iter().filter(|(_, b)| b["code"] == c).count();
        assert_eq!((count("invalid_credentials"), count("account_locked")), (2, 4), "{answers:?}");
    }
);

/// Sends one staff login per password at once; the status and body of each.
async fn parallel_logins(app: &TestApp, email: &str, passwords: Vec<String>) -> Vec<(u16, Value)> {
    let handles: Vec<_> = passwords
        .into_iter()
        .map(|password| {
            let request = app
                .client
                .post(app.url("/api/v1/staff/sessions"))
                .json(&json!({"email": email, "password": password}));
            tokio::spawn(async move {
                let res = request.send().await.unwrap();
                (
                    res.status().as_u16(),
                    res.json::<Value>().await.unwrap_or_default(),
                )
            })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
