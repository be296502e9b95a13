//! The steps most tests need: register, read the emailed link, activate, complete, log in.

use diesel::prelude::*;
use serde_json::{json, Value};
use xuexin::db::schema::accounts;

use crate::TestApp;

/// A password that satisfies every rule.
pub const PASSWORD: &str = "Xuexin2026ok";

impl TestApp {
    /// Registers `email` with [`PASSWORD`], asserting 201.
    pub async fn register(&self, email: &str) -> Value {
        let res = self.post("/api/v1/accounts", json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(res.status().as_u16(), 201, "registration of {email} failed");
        res.json().await.unwrap()
    }

    /// The dev outbox messages to `to`, newest first.
    pub async fn outbox(&self, to: &str) -> Vec<Value> {
        let res = self.client.get(self.url("/api/v1/dev/outbox")).query(&[("to", to)]).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let body: Value = res.json().await.unwrap();
        body["items"].as_array().unwrap().clone()
    }

    /// The token of the newest emailed link to `path` (e.g. `/activate`) sent to `to`.
    pub async fn emailed_token(&self, to: &str, path: &str) -> String {
        for _ in 0..100 {
            let found = self.outbox(to).await.iter().find_map(|m| token_in(m["body"].as_str().unwrap_or(""), path));
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
        let res = self.post("/api/v1/accounts/activation", json!({"token": token})).await;
        assert_eq!(res.status().as_u16(), 200, "activation failed");
        res.json::<Value>().await.unwrap()["registration_token"].as_str().unwrap().to_owned()
    }

    /// Marks the account complete in the database, standing in for the real-name, phone and
    /// confirmation steps (built by the real-name registration capability).
    pub async fn complete_registration(&self, email: &str) {
        let email = email.trim().to_lowercase();
        self.db
            .run(move |conn| {
                let n = diesel::update(accounts::table.filter(accounts::email.eq(&email)))
                    .set((accounts::status.eq("active"), accounts::completed_at.eq(chrono::Utc::now().naive_utc())))
                    .execute(conn)?;
                assert_eq!(n, 1);
                Ok(())
            })
            .await
            .unwrap();
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
        self.post("/api/v1/sessions", json!({"email": email, "password": password})).await
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
            .run(move |conn| Ok(a::table.filter(a::target_id.eq(&id)).order(a::id.asc()).select(a::action).load::<String>(conn)?))
            .await
            .unwrap()
    }
}

/// The `token` parameter of the first link to `path` in `text`.
pub fn token_in(text: &str, path: &str) -> Option<String> {
    let start = text.find(&format!("{path}?token="))? + path.len() + "?token=".len();
    let token: String = text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    (!token.is_empty()).then_some(token)
}
