//! Races: the same decision asked for several times at once, over real parallel requests, has
//! exactly one winner (on PostgreSQL, with its many writers, as on SQLite).

use diesel::prelude::*;
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::api_test;

/// Sends every request at the same moment (each on its own task) and returns the statuses and
/// bodies, in the order given.
async fn all_at_once(requests: Vec<RequestBuilder>) -> Vec<(u16, Value)> {
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                let res = request.send().await.expect("request sent");
                let status = res.status().as_u16();
                (status, res.json::<Value>().await.unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// How many answers had `status`.
fn count(answers: &[(u16, Value)], status: u16) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}

/// The `code` of every answer with `status`.
fn codes(answers: &[(u16, Value)], status: u16) -> Vec<String> {
    answers
        .iter()
        .filter(|(s, _)| *s == status)
        .map(|(_, body)| body["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

const ID: &str = "11010519491231002X";

api_test!(
    async fn two_accounts_completing_with_one_id_number_at_once_make_one_account(app) {
        let mut tokens = Vec::new();
        for (n, email) in ["twin1@example.cn", "twin2@example.cn"].iter().enumerate() {
            app.register(email).await;
            let token = app.activate(email).await;
            assert_eq!(app.identity(&token, "李明", ID).await.status().as_u16(), 200);
            app.verify_phone(&token, &format!("1380013800{n}")).await;
            tokens.push(token);
        }
        let requests = tokens.iter().map(|t| app.authed(Method::POST, "/api/v1/registration/complete", t)).collect();
        let answers = all_at_once(requests).await;
        assert_eq!(count(&answers, 200), 1, "{answers:?}");
        assert_eq!(codes(&answers, 409), ["id_number_taken"], "{answers:?}");

        use xuexin::db::schema::accounts as a;
        let active: i64 = app
            .db
            .run(|c| Ok(a::table.filter(a::id_number.eq(ID)).filter(a::status.eq("active")).count().get_result(c)?))
            .await
            .unwrap();
        assert_eq!(active, 1);
    }
);

api_test!(
    async fn one_refresh_token_sent_eight_times_at_once_is_honoured_once(app) {
        app.active_account("twice@example.cn").await;
        let session = app.session("twice@example.cn").await;
        let refresh_token = session["refresh_token"].as_str().unwrap().to_owned();
        let requests = (0..8)
            .map(|_| app.client.post(app.url("/api/v1/sessions/refresh")).json(&json!({"refresh_token": refresh_token})))
            .collect();
        let answers = all_at_once(requests).await;
        assert_eq!(count(&answers, 200), 1, "{answers:?}");
        assert_eq!(count(&answers, 401), 7, "{answers:?}");
        // Each loser is either a replay of the spent token or arrives after the session died of one.
        for code in codes(&answers, 401) {
            assert!(["refresh_token_reused", "refresh_token_invalid"].contains(&code.as_str()), "{code}");
        }
        assert!(codes(&answers, 401).iter().any(|c| c == "refresh_token_reused"), "{answers:?}");
        // A replay ends the whole session, the winner's new tokens with it.
        let (_, winner) = answers.iter().find(|(s, _)| *s == 200).unwrap();
        let res = app.post("/api/v1/sessions/refresh", json!({"refresh_token": winner["refresh_token"]})).await;
        assert_eq!(res.status().as_u16(), 401);
        let res = app.authed(Method::GET, "/api/v1/me", winner["access_token"].as_str().unwrap()).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 401);
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn one_change_request_approved_and_rejected_at_once_is_decided_once(app) {
        let school = app.staff_token(Role::SchoolAdmin, "pku@example.cn", Some("10001"), None).await;
        let reviewer = app.staff_token(Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        // One contest per record of the school: a lost race shows only now and then, so several.
        let records = app.get_ok("/api/v1/schools/10001/students?per_page=5", &school).await["items"].as_array().unwrap().clone();
        assert!(records.len() >= 3, "{records:?}");
        for record in records {
            let enrollment = record["id"].as_str().unwrap().to_owned();
            let major = if record["major"] == "法学" { "经济学" } else { "法学" };
            let res = app
                .send(Method::POST, &format!("/api/v1/enrollments/{enrollment}/change-requests"), &school, json!({"changes": {"major": major}, "reason": "依据学籍变更审批表更正专业"}))
                .await;
            assert_eq!(res.status().as_u16(), 201);
            let request = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

            let decide = |verb: &str, body: Value| {
                app.authed(Method::POST, &format!("/api/v1/change-requests/{request}/{verb}"), &reviewer).json(&body)
            };
            let requests = (0..8)
                .map(|n| if n % 2 == 0 { decide("approve", json!({})) } else { decide("reject", json!({"reason": "请附学籍变更审批表"})) })
                .collect();
            let answers = all_at_once(requests).await;
            assert_eq!(count(&answers, 200), 1, "{answers:?}");
            // Not "stale": the record changed only because this very request was approved.
            assert_eq!(codes(&answers, 409), ["change_request_closed"; 7], "{answers:?}");
            let decisions: Vec<String> = app
                .audit_actions(&enrollment)
                .await
                .into_iter()
                .filter(|a| ["change_request.approved", "change_request.rejected", "change_request.stale"].contains(&a.as_str()))
                .collect();
            assert_eq!(decisions.len(), 1, "one decision in the audit log: {decisions:?}");

            // The stored outcome is the winner's, and the record shows it.
            let (_, winner) = answers.iter().find(|(s, _)| *s == 200).unwrap();
            let approved = winner["status"] == "approved";
            assert!(approved || winner["status"] == "rejected", "{winner}");
            let stored = app.get_ok(&format!("/api/v1/change-requests?enrollment_id={enrollment}"), &reviewer).await;
            assert_eq!(stored["total"], 1, "{stored}");
            assert_eq!(stored["items"][0]["status"], winner["status"]);
            let now = app.get_ok(&format!("/api/v1/enrollments/{enrollment}"), &school).await["major"].clone();
            assert_eq!(now, if approved { json!(major) } else { record["major"].clone() });
        }
    }
);

api_test!(with &[("APP_DB_POOL_SIZE", "8")],
    async fn leaving_one_registration_six_times_at_once_leaves_it_once(app) {
        let account = app.register("double@example.cn").await;
        let token = app.activate("double@example.cn").await;
        // A double click on 退出注册: the requests pass the token check before one is recorded.
        let requests = (0..6)
            .map(|_| app.authed(Method::DELETE, "/api/v1/registration", &token))
            .collect();
        let answers = all_at_once(requests).await;
        assert_eq!(count(&answers, 204) + count(&answers, 401), 6, "{answers:?}");
        assert!(count(&answers, 204) >= 1, "{answers:?}");
        let id = account["id"].as_str().unwrap();
        let left = app.audit_actions(id).await.into_iter().filter(|a| a == "registration.abandoned").count();
        assert_eq!(left, 1, "one audit event however many requests");
    }
);
