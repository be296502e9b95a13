//! The steps most tests need: register, read the emailed link, activate, complete, log in.

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::TestApp;

/// A password that satisfies every rule.
pub const PASSWORD: &str = "Xuexin2026ok";

/// The privacy notice version a registration agrees to (the one in force).
pub const CONSENT: &str = xuexin::privacy::NOTICE_VERSION;

impl TestApp {
    /// Registers `email` with [`PASSWORD`], agreeing to the notice in force, asserting 201.
    pub async fn register(&self, email: &str) -> Value {
        let res = self
            .post(
                "/api/v1/accounts",
                json!({"email": email, "password": PASSWORD, "consent_version": CONSENT}),
            )
            .await;
        assert_eq!(res.status().as_u16(), 201, "registration of {email} failed");
        res.json().await.unwrap()
    }

    /// The dev outbox messages to `to`, newest first.
    pub async fn outbox(&self, to: &str) -> Vec<Value> {
        let res = self
            .client
            .get(self.url("/api/v1/dev/outbox"))
            .query(&[("to", to)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        body["items"].as_array().unwrap().clone()
    }

    /// The token of the newest emailed link to `path` (e.g. `/activate`) sent to `to`.
    pub async fn emailed_token(&self, to: &str, path: &str) -> String {
        // Messages are in the outbox when the request that queued them returns; the wait only
        // matters on a loaded machine, and ends as soon as the message is there.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            let found = self
                .outbox(to)
                .await
                .iter()
                .find_map(|m| token_in(m["body"].as_str().unwrap_or(""), path));
            if let Some(token) = found {
                return token;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no email with a {path} link reached {to}");
    }

    /// Activates `email`'s account with its emailed link; returns the registration token.
    pub async fn activate(&self, email: &str) -> String {
        let token = self.emailed_token(email, "/activate").await;
        let res = self
            .post("/api/v1/accounts/activation", json!({"token": token}))
            .await;
        assert_eq!(res.status().as_u16(), 200, "activation failed");
        res.json::<Value>().await.unwrap()["registration_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Finishes an activated registration through the API: real name and a synthetic ID number and
    /// phone derived from the email (so every account gets its own), SMS code, confirmation.
    pub async fn complete_registration(&self, email: &str) {
        let res = self.login(email, PASSWORD).await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "registration_incomplete", "{body}");
        let token = body["registration_token"].as_str().unwrap().to_owned();
        let seed = seed_of(email);
        let phone = synthetic_phone(seed);
        self.finish_registration(&token, "李明", &synthetic_id_number(seed), &phone)
            .await;
    }

    /// The steps after activation: identity, phone with its SMS code, confirmation.
    async fn finish_registration(&self, token: &str, name: &str, id_number: &str, phone: &str) {
        let res = self.identity(token, name, id_number).await;
        assert_eq!(res.status().as_u16(), 200, "identity {name} {id_number}");
        self.verify_phone(token, phone).await;
        let res = self
            .authed(
                reqwest::Method::POST,
                "/api/v1/registration/complete",
                token,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }

    /// `PUT /api/v1/registration/identity`.
    pub async fn identity(
        &self,
        registration_token: &str,
        name: &str,
        id_number: &str,
    ) -> reqwest::Response {
        self.authed(
            reqwest::Method::PUT,
            "/api/v1/registration/identity",
            registration_token,
        )
        .json(&json!({"name": name, "id_number": id_number}))
        .send()
        .await
        .unwrap()
    }

    /// `POST /api/v1/registration/phone/code`.
    pub async fn request_code(&self, registration_token: &str, phone: &str) -> reqwest::Response {
        self.authed(
            reqwest::Method::POST,
            "/api/v1/registration/phone/code",
            registration_token,
        )
        .json(&json!({"phone": phone}))
        .send()
        .await
        .unwrap()
    }

    /// The newest SMS code sent to `phone`, from the dev outbox.
    pub async fn sms_code(&self, phone: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Some(m) = self
                .outbox(phone)
                .await
                .into_iter()
                .find(|m| m["channel"] == "sms")
            {
                let body = m["body"].as_str().unwrap();
                let code: String = body
                    .chars()
                    .skip_while(|c| !c.is_ascii_digit())
                    .take(6)
                    .collect();
                assert_eq!(code.len(), 6, "{body}");
                return code;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no SMS reached {phone}");
    }

    /// `POST /api/v1/registration/phone/verify`.
    pub async fn submit_code(
        &self,
        registration_token: &str,
        phone: &str,
        code: &str,
    ) -> reqwest::Response {
        self.authed(
            reqwest::Method::POST,
            "/api/v1/registration/phone/verify",
            registration_token,
        )
        .json(&json!({"phone": phone, "code": code}))
        .send()
        .await
        .unwrap()
    }

    /// Requests a code for `phone` and confirms it, asserting success.
    pub async fn verify_phone(&self, registration_token: &str, phone: &str) {
        assert_eq!(
            self.request_code(registration_token, phone)
                .await
                .status()
                .as_u16(),
            202
        );
        let code = self.sms_code(phone).await;
        assert_eq!(
            self.submit_code(registration_token, phone, &code)
                .await
                .status()
                .as_u16(),
            200
        );
    }

    /// Registers, activates and completes an account; returns its email.
    pub async fn active_account(&self, email: &str) -> String {
        self.register(email).await;
        self.activate(email).await;
        self.complete_registration(email).await;
        email.to_owned()
    }

    /// `POST /api/v1/sessions`.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/v1/sessions",
            json!({"email": email, "password": password}),
        )
        .await
    }

    /// Logs in an active account, asserting success; returns the session body.
    pub async fn session(&self, email: &str) -> Value {
        let res = self.login(email, PASSWORD).await;
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "active", "{body}");
        body
    }

    /// Audit actions recorded for the target `id`, oldest first.
    pub async fn audit_actions(&self, target_id: &str) -> Vec<String> {
        use xuexin::db::schema::audit_events as a;
        let id = target_id.to_owned();
        self.db
            .run(move |conn| {
                // Reads of personal data are audited too; this lists what changed the target.
                Ok(a::table
                    .filter(a::target_id.eq(&id))
                    .filter(a::action.ne(xuexin::audit::reads::ACTION))
                    .order(a::id.asc())
                    .select(a::action)
                    .load::<String>(conn)?)
            })
            .await
            .unwrap()
    }
}

/// The `token` parameter of the first link to `path` in `text`.
pub fn token_in(text: &str, path: &str) -> Option<String> {
    let start = text.find(&format!("{path}?token="))? + path.len() + "?token=".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then_some(token)
}

fn seed_of(email: &str) -> u64 {
    email
        .trim()
        .to_lowercase()
        .bytes()
        .fold(1469598103934665603u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(1099511628211)
        })
}

/// A valid, synthetic 18-digit ID number (Beijing, born in the 2000s) derived from `seed`.
pub fn synthetic_id_number(seed: u64) -> String {
    let days = (seed % 3000) as i64;
    let birth = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
    let first17 = format!(
        "110105{}{:03}",
        birth.format("%Y%m%d"),
        (seed / 3000) % 1000
    );
    let check = xuexin::rules::id_number::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

/// A synthetic mobile number derived from `seed`.
pub fn synthetic_phone(seed: u64) -> String {
    format!("139{:08}", seed % 100_000_000)
}

impl TestApp {
    /// Registers `email` completely as the person `name`/`id_number` (a phone derived from the
    /// email) and logs in; returns the access token.
    pub async fn student(&self, email: &str, name: &str, id_number: &str) -> String {
        self.register(email).await;
        let token = self.activate(email).await;
        let phone = format!("137{:08}", seed_of(email) % 100_000_000);
        self.finish_registration(&token, name, id_number, &phone)
            .await;
        self.session(email).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// GETs `path` with `token`, asserts 200 and returns the body.
    pub async fn get_ok(&self, path: &str, token: &str) -> Value {
        let res = self
            .authed(reqwest::Method::GET, path, token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path}");
        res.json().await.unwrap()
    }

    /// Sends `body` as JSON with `method` to `path` with `token`.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Value,
    ) -> reqwest::Response {
        self.authed(method, path, token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The record of `id_number` at `school_code`, as the school admin `token` finds it.
    pub async fn find_enrollment(&self, token: &str, school_code: &str, id_number: &str) -> Value {
        let page = self
            .get_ok(
                &format!("/api/v1/schools/{school_code}/students?id_number={id_number}"),
                token,
            )
            .await;
        assert_eq!(page["total"], 1, "{page}");
        page["items"][0].clone()
    }

    /// Creates a staff member directly (as `xuexin staff create` does) and logs them in; returns
    /// the staff access token.
    pub async fn staff_token(
        &self,
        role: xuexin::staff::Role,
        email: &str,
        school: Option<&str>,
        province: Option<&str>,
    ) -> String {
        let new = xuexin::staff::service::NewStaff {
            email: email.to_owned(),
            password: PASSWORD.to_owned(),
            role,
            school_code: school.map(str::to_owned),
            province_code: province.map(str::to_owned),
        };
        let config = std::sync::Arc::new(xuexin::config::Config::from_lookup(&|_| None).unwrap());
        let mut auth = config.auth.clone();
        auth.argon2_memory_kib = 1024;
        auth.argon2_iterations = 1;
        let hasher = xuexin::auth::password::PasswordHasher::new(&auth).unwrap();
        let ctx = xuexin::context::Ctx {
            now: chrono::Utc::now(),
            config,
            jwt: std::sync::Arc::new(
                xuexin::auth::jwt::JwtKeys::new("unused-in-creation-0123456789abcdef").unwrap(),
            ),
            code_key: std::sync::Arc::new(String::new()),
            audit_key: std::sync::Arc::new(self.audit_key()),
            ip: "test".into(),
            user_agent: None,
            request_id: None,
        };
        self.db
            .run(move |conn| xuexin::staff::service::create(conn, &ctx, &hasher, new, None))
            .await
            .unwrap();
        let res = self
            .post(
                "/api/v1/staff/sessions",
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
        res.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
