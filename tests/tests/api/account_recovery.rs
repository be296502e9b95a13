//! 找回账号: the lost-mailbox, lost-phone and support paths, their limits, and that a first call
//! tells a stranger nothing.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::flows::{synthetic_id_number, PASSWORD};
use xuexin_tests::{api_test, problem, TestApp};

const NAME: &str = "李明";

/// Sends the requests at the same moment, each on its own task; their statuses, in order.
async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<u16> {
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                request
                    .send()
                    .await
                    .expect("request sent")
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

fn start_request(
    app: &TestApp,
    name: &str,
    id_number: &str,
    phone: &str,
) -> reqwest::RequestBuilder {
    app.client
        .post(app.url("/api/v1/account-recovery/email"))
        .json(&json!({"name": name, "id_number": id_number, "phone": phone}))
}

/// A complete account for `email` as 李明 with the ID number of `seed`; its access token and
/// confirmed phone.
async fn owner(app: &TestApp, email: &str, seed: u64) -> (String, String) {
    let token = app.student(email, NAME, &synthetic_id_number(seed)).await;
    let e = email.to_owned();
    let phone = app
        .db
        .run(move |conn| {
            use xuexin::db::schema::accounts as a;
            Ok(a::table
                .filter(a::email.eq(&e))
                .select(a::phone)
                .first::<Option<String>>(conn)?)
        })
        .await
        .unwrap()
        .unwrap();
    // Past the cooldown of the code that confirmed the phone at registration.
    app.clock.advance(chrono::Duration::seconds(61));
    (token, phone)
}

async fn start(app: &TestApp, name: &str, id_number: &str, phone: &str) -> reqwest::Response {
    app.post(
        "/api/v1/account-recovery/email",
        json!({"name": name, "id_number": id_number, "phone": phone}),
    )
    .await
}

async fn verify(
    app: &TestApp,
    (name, id_number, phone): (&str, &str, &str),
    code: &str,
    new_email: &str,
) -> reqwest::Response {
    app.post(
        "/api/v1/account-recovery/email/verify",
        json!({"name": name, "id_number": id_number, "phone": phone, "code": code, "new_email": new_email}),
    )
    .await
}

fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.authed(Method::GET, "/api/v1/me", token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

api_test!(
    async fn a_lost_mailbox_is_recovered_with_name_id_number_phone_and_a_link_to_the_new_email(app) {
        let (token, phone) = owner(&app, "lost@example.cn", 7).await;
        app.active_account("taken@example.cn").await;
        let id = synthetic_id_number(7);
        let who = (NAME, id.as_str(), phone.as_str());

        let res = start(&app, NAME, &id, &phone).await;
        assert_eq!(res.status().as_u16(), 202);
        let code = app.sms_code(&phone).await;
        let p = problem(verify(&app, who, &other_code(&code), "new@example.cn").await, 400).await;
        assert_eq!(p["code"], "code_incorrect");
        // Only once the code proved the phone is a taken email named as such.
        let p = problem(verify(&app, who, &code, "Taken@Example.cn").await, 409).await;
        assert_eq!((p["code"].as_str(), p["errors"][0]["field"].as_str()), (Some("email_taken"), Some("new_email")));
        let res = verify(&app, who, &code, "new@example.cn").await;
        assert_eq!(res.status().as_u16(), 202);
        assert_eq!(res.json::<Value>().await.unwrap()["email"], "new@example.cn");
        // Nothing changes before the link is opened.
        assert_eq!(me_status(&app, &token).await, 200);
        assert_eq!(app.login("lost@example.cn", PASSWORD).await.status().as_u16(), 200);

        let link = app.emailed_token("new@example.cn", "/recover/email/confirm").await;
        let res = app.post("/api/v1/account-recovery/email/confirm", json!({"token": link})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["email"], "new@example.cn");
        // Every session ended; the new email logs in, the old one no longer does.
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/me", &token).send().await.unwrap(), 401).await["code"], "session_revoked");
        app.session("new@example.cn").await;
        assert_eq!(problem(app.login("lost@example.cn", PASSWORD).await, 401).await["code"], "invalid_credentials");
        // The old mailbox hears of it (if it still works, the real owner learns of it).
        let notice = app.outbox("lost@example.cn").await;
        assert!(notice[0]["subject"].as_str().unwrap().contains("登录邮箱已更改"), "{notice:?}");
        assert!(notice[0]["body"].as_str().unwrap().contains("ne***@example.cn"));
        // The link and the code work once.
        let again = app.post("/api/v1/account-recovery/email/confirm", json!({"token": link})).await;
        assert_eq!(problem(again, 400).await["code"], "token_used");
        assert_eq!(problem(verify(&app, who, &code, "newer@example.cn").await, 400).await["code"], "code_not_requested");
        let actions = app.audit_actions(&account_id(&app, "new@example.cn").await).await;
        assert!(actions.ends_with(&["account.recovery_email_requested".to_owned(), "account.email_recovered".to_owned()]), "{actions:?}");
    }
);

async fn account_id(app: &TestApp, email: &str) -> String {
    let e = email.to_owned();
    app.db
        .run(move |conn| {
            use xuexin::db::schema::accounts as a;
            Ok(a::table
                .filter(a::email.eq(&e))
                .select(a::id)
                .first::<String>(conn)?)
        })
        .await
        .unwrap()
}

api_test!(
    async fn the_first_call_answers_the_same_whether_or_not_the_details_match(app) {
        let (_, phone) = owner(&app, "owner@example.cn", 11).await;
        let id = synthetic_id_number(11);
        let stranger_id = synthetic_id_number(12);
        let read = |res: reqwest::Response| async move {
            let status = res.status().as_u16();
            let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
            (status, kind, res.text().await.unwrap())
        };
        let matched = read(start(&app, NAME, &id, &phone).await).await;
        // A wrong name, an ID number nobody registered, a phone nobody confirmed.
        let misses = [
            read(start(&app, "王芳", &id, "13700000001").await).await,
            read(start(&app, NAME, &stranger_id, "13700000002").await).await,
            read(start(&app, NAME, &id, "13700000003").await).await,
        ];
        for miss in &misses {
            assert_eq!(miss, &matched);
        }
        assert_eq!(matched.0, 202);
        // Only the owner's phone got a code.
        app.sms_code(&phone).await;
        for p in ["13700000001", "13700000002", "13700000003"] {
            assert!(app.outbox(p).await.is_empty());
        }
        // The next step answers a wrong code alike too: a miss counts tries like the real one.
        let real = problem(verify(&app, (NAME, &id, &phone), "000000", "a@example.cn").await, 400).await;
        let decoy = problem(verify(&app, (NAME, &id, "13700000003"), "000000", "a@example.cn").await, 400).await;
        assert_eq!((&real["code"], &real["detail"]), (&decoy["code"], &decoy["detail"]));
        // And so does the cooldown of the number, whether or not it matched.
        app.clock.advance(chrono::Duration::seconds(5));
        let real = problem(start(&app, NAME, &id, &phone).await, 429).await;
        let decoy = problem(start(&app, NAME, &stranger_id, "13700000002").await, 429).await;
        assert_eq!((&real["code"], &real["detail"]), (&decoy["code"], &decoy["detail"]));
        assert_eq!(real["code"], "code_cooldown");

        // Timing: what the answers take, matched and missed (printed for the record).
        let mut took = (Vec::new(), Vec::new());
        app.clock.advance(chrono::Duration::days(1));
        for i in 0..8u64 {
            app.clock.advance(chrono::Duration::seconds(61));
            let t = std::time::Instant::now();
            assert_eq!(start(&app, NAME, &id, &phone).await.status().as_u16(), 202);
            took.0.push(t.elapsed());
            let t = std::time::Instant::now();
            let miss = synthetic_id_number(100 + i);
            assert_eq!(start(&app, NAME, &miss, "13700000009").await.status().as_u16(), 202);
            took.1.push(t.elapsed());
            // The per-ID number budget (5 a day) must not refuse the owner's own attempts here.
            if i == 3 {
                app.clock.advance(chrono::Duration::days(1));
            }
        }
        took.0.sort();
        took.1.sort();
        eprintln!("first call, median of 8: matched {:?}, missed {:?}", took.0[4], took.1[4]);
    }
);

api_test!(
    async fn the_per_id_number_budget_holds_under_parallel_requests_and_a_refused_attempt_stays_refused(app) {
        let id = synthetic_id_number(21);
        let phones: Vec<String> = (0..16).map(|i| format!("1370000{:04}", 100 + i)).collect();
        let statuses = all_at_once(phones.iter().map(|p| start_request(&app, NAME, &id, p)).collect()).await;
        assert_eq!(statuses.iter().filter(|s| **s == 202).count(), 5, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 11, "{statuses:?}");
        // Sent again, a refused attempt is refused again, and so is a new one, until a day passed.
        let mut refused = None;
        for p in &phones {
            let res = start(&app, NAME, &id, p).await;
            if res.status().as_u16() == 429 {
                refused = Some(problem(res, 429).await);
            }
        }
        let p = refused.expect("refused");
        assert_eq!(p["code"], "recovery_attempts_exhausted");
        assert_eq!(problem(start(&app, "王芳", &id, "13800000000").await, 429).await["code"], "recovery_attempts_exhausted");
        app.clock.advance(chrono::Duration::days(1) + chrono::Duration::seconds(1));
        assert_eq!(start(&app, NAME, &id, "13800000000").await.status().as_u16(), 202);
    }
);

api_test!(with &[("APP_IP_IDENTITY_DAILY_SUBMISSIONS", "3")],
    async fn the_per_ip_budget_holds_under_parallel_requests(app) {
        let answers = all_at_once((0..10u64).map(|i| {
            start_request(&app, NAME, &synthetic_id_number(300 + i), &format!("1370000{:04}", 200 + i))
        }).collect()).await;
        assert_eq!(answers.iter().filter(|s| **s == 202).count(), 3, "{answers:?}");
        assert_eq!(answers.iter().filter(|s| **s == 429).count(), 7, "{answers:?}");
    }
);

api_test!(
    async fn wrong_codes_are_counted_even_in_parallel_and_too_many_void_the_attempt(app) {
        let (_, phone) = owner(&app, "guess@example.cn", 31).await;
        let id = synthetic_id_number(31);
        let who = (NAME, id.as_str(), phone.as_str());
        assert_eq!(start(&app, NAME, &id, &phone).await.status().as_u16(), 202);
        let code = app.sms_code(&phone).await;
        let wrong = other_code(&code);
        let body = json!({"name": NAME, "id_number": id, "phone": phone, "code": wrong, "new_email": "n@example.cn"});
        let requests = (0..12).map(|_| app.client.post(app.url("/api/v1/account-recovery/email/verify")).json(&body)).collect();
        assert_eq!(all_at_once(requests).await, vec![400; 12]);
        // Void: even the right code does nothing now; a new attempt is needed.
        let p = problem(verify(&app, who, &code, "n@example.cn").await, 400).await;
        assert_eq!(p["code"], "code_not_requested");
        assert!(app.outbox("n@example.cn").await.is_empty());
    }
);

async fn start_phone(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/account-recovery/phone",
        json!({"email": email, "password": password}),
    )
    .await
}

api_test!(
    async fn a_lost_phone_is_replaced_with_password_email_and_a_code_to_the_new_phone(app) {
        let (token, old_phone) = owner(&app, "phone@example.cn", 41).await;
        let (_, taken_phone) = owner(&app, "other@example.cn", 42).await;
        assert_eq!(problem(start_phone(&app, "phone@example.cn", "WrongPass1").await, 401).await["code"], "invalid_credentials");
        assert_eq!(problem(start_phone(&app, "nobody@example.cn", PASSWORD).await, 401).await["code"], "invalid_credentials");
        assert_eq!(start_phone(&app, "phone@example.cn", PASSWORD).await.status().as_u16(), 202);
        let link = app.emailed_token("phone@example.cn", "/recover/phone").await;

        let code_to = |phone: &str| app.post("/api/v1/account-recovery/phone/code", json!({"token": link, "phone": phone}));
        let p = problem(code_to(&taken_phone).await, 409).await;
        assert_eq!((p["code"].as_str(), p["errors"][0]["field"].as_str()), (Some("phone_taken"), Some("phone")));
        assert_eq!(problem(code_to(&old_phone).await, 422).await["errors"][0]["code"], "phone_unchanged");
        assert_eq!(problem(code_to("12345").await, 422).await["errors"][0]["field"], "phone");
        let bad = app.post("/api/v1/account-recovery/phone/code", json!({"token": "nope", "phone": "13600000001"})).await;
        assert_eq!(problem(bad, 400).await["code"], "token_invalid");
        assert_eq!(code_to("+86 136 0000 0001").await.status().as_u16(), 202);
        // The registration's cooldown applies.
        assert_eq!(problem(code_to("13600000001").await, 429).await["code"], "code_cooldown");
        let code = app.sms_code("13600000001").await;
        assert!(app.outbox("13600000001").await[0]["body"].as_str().unwrap().contains("找回账号"));
        let confirm = |code: &str| app.post("/api/v1/account-recovery/phone/verify", json!({"token": link, "phone": "13600000001", "code": code}));
        assert_eq!(problem(confirm(&other_code(&code)).await, 400).await["code"], "code_incorrect");
        let res = confirm(&code).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["phone"], "13600000001");

        assert_eq!(problem(app.authed(Method::GET, "/api/v1/me", &token).send().await.unwrap(), 401).await["code"], "session_revoked");
        let session = app.session("phone@example.cn").await;
        let me = app.get_ok("/api/v1/me", session["access_token"].as_str().unwrap()).await;
        assert_eq!(me["phone"], "136****0001", "{me}");
        // Sent at the same (test clock) instant as the link, so looked for, not taken as newest.
        let mail = app.outbox("phone@example.cn").await;
        assert!(mail.iter().any(|m| m["subject"].as_str().unwrap().contains("手机号已更改")), "{mail:?}");
        assert_eq!(problem(confirm(&code).await, 400).await["code"], "token_used");
        let id = account_id(&app, "phone@example.cn").await;
        assert_eq!(app.audit_actions(&id).await.last().map(String::as_str), Some("account.phone_recovered"));
        // The old phone is free again: the lost-mailbox path now goes by the new one.
        assert_eq!(problem(code_to("13600000002").await, 400).await["code"], "token_used");
    }
);

api_test!(
    async fn wrong_passwords_on_the_lost_phone_path_count_toward_the_login_lockout(app) {
        app.active_account("lock@example.cn").await;
        for _ in 0..10 {
            assert_eq!(start_phone(&app, "lock@example.cn", "WrongPass1").await.status().as_u16(), 401);
        }
        assert_eq!(problem(start_phone(&app, "lock@example.cn", PASSWORD).await, 429).await["code"], "account_locked");
        assert_eq!(problem(app.login("lock@example.cn", PASSWORD).await, 429).await["code"], "account_locked");
        assert!(app.outbox("lock@example.cn").await.iter().all(|m| !m["body"].as_str().unwrap().contains("/recover/phone")));
    }
);

api_test!(
    async fn a_code_to_a_new_phone_that_dies_of_wrong_tries_voids_the_link(app) {
        owner(&app, "dead@example.cn", 51).await;
        assert_eq!(start_phone(&app, "dead@example.cn", PASSWORD).await.status().as_u16(), 202);
        let link = app.emailed_token("dead@example.cn", "/recover/phone").await;
        let res = app.post("/api/v1/account-recovery/phone/code", json!({"token": link, "phone": "13600000005"})).await;
        assert_eq!(res.status().as_u16(), 202);
        let code = app.sms_code("13600000005").await;
        let confirm = |code: String| app.post("/api/v1/account-recovery/phone/verify", json!({"token": link, "phone": "13600000005", "code": code}));
        for _ in 0..5 {
            assert_eq!(confirm(other_code(&code)).await.status().as_u16(), 400);
        }
        assert_eq!(problem(confirm(code.clone()).await, 400).await["code"], "token_invalid");
    }
);

async fn support_recovery(
    app: &TestApp,
    support: &str,
    id: &str,
    body: Value,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/support/accounts/{id}/recovery"),
        support,
        body,
    )
    .await
}

api_test!(
    async fn support_records_a_recovery_with_the_evidence_and_it_takes_effect_on_confirmation(app) {
        let (token, _) = owner(&app, "both@example.cn", 61).await;
        app.active_account("used@example.cn").await;
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let id = account_id(&app, "both@example.cn").await;

        let p = problem(support_recovery(&app, &support, &id, json!({"evidence_kind": "photo"})).await, 422).await;
        let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["new_email", "evidence_kind", "evidence_note", "reason"]);
        let evidence = |new_email: &str| json!({
            "new_email": new_email, "clear_phone": true, "evidence_kind": "video_call_with_id_card",
            "evidence_note": "视频核对身份证正反面与本人", "reason": "学生原邮箱和手机号均已停用",
        });
        assert_eq!(problem(support_recovery(&app, &support, &id, evidence("used@example.cn")).await, 409).await["code"], "email_taken");
        let res = support_recovery(&app, &support, &id, evidence("fresh@example.cn")).await;
        assert_eq!(res.status().as_u16(), 200);
        let done: Value = res.json().await.unwrap();
        assert_eq!((done["pending_email"].as_str(), done["phone_cleared"].as_bool()), (Some("fresh@example.cn"), Some(false)));

        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let events = app.get_ok(&format!("/api/v1/audit-events?action=account.recovery_recorded&target={id}"), &admin).await;
        let event = &events["items"][0];
        assert_eq!(event["actor_role"], "support");
        assert_eq!(event["reason"], "学生原邮箱和手机号均已停用");
        assert_eq!(event["after"]["evidence"], json!({"kind": "video_call_with_id_card", "note": "视频核对身份证正反面与本人"}));
        assert_eq!(event["after"]["new_email"], "fresh@example.cn");
        // Nothing changed yet.
        assert_eq!(me_status(&app, &token).await, 200);

        let link = app.emailed_token("fresh@example.cn", "/recover/email/confirm").await;
        let res = app.post("/api/v1/account-recovery/email/confirm", json!({"token": link})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(me_status(&app, &token).await, 401);
        let found = app.get_ok(&format!("/api/v1/support/accounts/{id}"), &support).await;
        assert_eq!((found["email"].as_str(), found["phone"].as_str()), (Some("fresh@example.cn"), None));
        assert!(app.outbox("both@example.cn").await[0]["subject"].as_str().unwrap().contains("登录邮箱已更改"));

        // Clearing the phone alone takes effect at once; the student confirms a new one via the
        // lost-phone path.
        let res = support_recovery(&app, &support, &id, json!({"clear_phone": true, "evidence_kind": "id_card_in_person", "evidence_note": "窗口核验身份证原件", "reason": "手机号停用"})).await;
        assert_eq!(res.json::<Value>().await.unwrap()["phone_cleared"], true);
        assert_eq!(app.audit_actions(&id).await.last().map(String::as_str), Some("account.recovery_recorded"));
    }
);

api_test!(
    async fn recovery_attempts_are_deleted_thirty_days_after_they_were_made(app) {
        let count = || async {
            app.db
                .run(|conn| {
                    use xuexin::db::schema::account_recoveries as r;
                    Ok(r::table.count().get_result::<i64>(conn)?)
                })
                .await
                .unwrap()
        };
        let (_, phone) = owner(&app, "kept@example.cn", 71).await;
        assert_eq!(start(&app, NAME, &synthetic_id_number(71), &phone).await.status().as_u16(), 202);
        assert_eq!(start(&app, NAME, &synthetic_id_number(72), "13700000072").await.status().as_u16(), 202);
        app.clock.advance(chrono::Duration::days(29));
        assert_eq!(start(&app, NAME, &synthetic_id_number(73), "13700000073").await.status().as_u16(), 202);
        assert_eq!(count().await, 3);
        // The housekeeping task runs when a server starts: 30 days and a minute after the first
        // two (a day after the third), the first two (a match and a decoy) are gone, the third kept.
        app.clock.advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
        app.another_instance().await;
        xuexin_tests::wait_until("the old attempts are pruned", || async { count().await < 3 }).await;
        assert_eq!(count().await, 1);
    }
);
