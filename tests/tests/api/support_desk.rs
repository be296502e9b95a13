//! The support desk: finding accounts, correcting real-name details, detaching an ID number,
//! unlocking, resending activation; and platform admins managing staff accounts.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

const DEMO: &[(&str, &str)] = &[("APP_DEMO_DATA", "true")];

async fn account_id(app: &TestApp, support: &str, query: &str) -> String {
    let page = app
        .get_ok(&format!("/api/v1/support/accounts?{query}"), support)
        .await;
    assert_eq!(page["total"], 1, "{query}: {page}");
    page["items"][0]["id"].as_str().unwrap().to_owned()
}

async fn correct(
    app: &TestApp,
    support: &str,
    id: &str,
    name: &str,
    id_number: &str,
    reason: &str,
) -> reqwest::Response {
    app.send(
        Method::PATCH,
        &format!("/api/v1/support/accounts/{id}/identity"),
        support,
        json!({"name": name, "id_number": id_number, "reason": reason}),
    )
    .await
}

api_test!(with DEMO,
    async fn support_corrects_an_account_and_the_student_finds_their_records(app) {
        // Registered as 王晓明, while the school's record (right, per the ID card) says 王小明.
        let student = app.student("wxm@example.cn", "王晓明", "11019920050314011X").await;
        assert_eq!(app.get_ok("/api/v1/me/enrollments", &student).await["total"], 0);
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        let id = account_id(&app, &support, "id_number=11019920050314011x").await;
        let found = app.get_ok(&format!("/api/v1/support/accounts/{id}"), &support).await;
        assert_eq!((found["name"].as_str(), found["records_found"].as_bool(), found["status"].as_str()), (Some("王晓明"), Some(false), Some("active")));
        assert_eq!(account_id(&app, &support, "email=WXM@Example.cn").await, id);

        let p = problem(correct(&app, &support, &id, "Wang", "11019920050314011Y", "").await, 422).await;
        let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["name", "id_number", "reason"]);
        let p = problem(correct(&app, &support, &id, "王晓明", "11019920050314011X", "无变化").await, 422).await;
        assert_eq!(p["errors"][0]["code"], "identity_unchanged");

        let res = correct(&app, &support, &id, "王小明", "11019920050314011X", "学生来电，核对身份证后更正姓名").await;
        assert_eq!(res.status().as_u16(), 200);
        let after: Value = res.json().await.unwrap();
        assert_eq!((after["name"].as_str(), after["records_found"].as_bool()), (Some("王小明"), Some(true)));
        // At once, in the same session.
        let mine = app.get_ok("/api/v1/me/enrollments", &student).await;
        assert_eq!(mine["total"], 1);
        assert_eq!(app.get_ok("/api/v1/me", &student).await["name"], "王小明");
        assert_eq!(app.audit_actions(&id).await.last().map(String::as_str), Some("account.identity_corrected"));
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let event = &app.get_ok(&format!("/api/v1/audit-events?action=account.identity_corrected&target={id}"), &admin).await["items"][0];
        assert_eq!(event["before"], json!({"name": "王晓明", "id_number": "11019920050314011X"}));
        assert_eq!(event["after"]["name"], "王小明");
        assert_eq!(event["reason"], "学生来电，核对身份证后更正姓名");
        assert_eq!(event["actor_role"], "support");
    }
);

api_test!(
    async fn an_id_number_held_by_another_account_is_detached_after_checking(app) {
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        // Someone registered with the student's ID number; the student has an account too.
        let impostor = app.student("old@example.cn", "李明", "11010519491231002X").await;
        let rightful = app.student("real@example.cn", "李明", &xuexin_tests::flows::synthetic_id_number(42)).await;
        let holder = account_id(&app, &support, "email=old@example.cn").await;
        let mine = account_id(&app, &support, "email=real@example.cn").await;

        let p = problem(correct(&app, &support, &mine, "李明", "11010519491231002X", "学生本人证件").await, 409).await;
        assert_eq!(p["code"], "id_number_taken");
        assert!(p["detail"].as_str().unwrap().contains("old@example.cn"), "{p}");
        let detach = |id: &str, body: Value| app.authed(Method::POST, &format!("/api/v1/support/accounts/{id}/identity/detach"), &support).json(&body).send();
        assert_eq!(problem(detach(&holder, json!({})).await.unwrap(), 422).await["errors"][0]["field"], "reason");
        let res = detach(&holder, json!({"reason": "经核实为他人冒用身份证号注册"})).await.unwrap();
        let detached: Value = res.json().await.unwrap();
        assert_eq!((detached["status"].as_str(), detached["id_number"].as_str()), (Some("activated"), None));
        // Logged out everywhere; next login goes back to the real-name step.
        let res = app.authed(Method::GET, "/api/v1/me", &impostor).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");
        let login: Value = app.login("old@example.cn", PASSWORD).await.json().await.unwrap();
        assert_eq!(login["status"], "registration_incomplete");
        assert_eq!(problem(detach(&holder, json!({"reason": "again"})).await.unwrap(), 409).await["code"], "no_identity");

        assert_eq!(correct(&app, &support, &mine, "李明", "11010519491231002X", "学生本人证件").await.status().as_u16(), 200);
        assert_eq!(app.get_ok("/api/v1/me", &rightful).await["name"], "李明");
        assert_eq!(app.audit_actions(&holder).await.last().map(String::as_str), Some("account.identity_detached"));
    }
);

api_test!(
    async fn support_unlocks_a_locked_account_and_resends_activation(app) {
        let support = app.staff_token(Role::Support, "desk@example.cn", None, None).await;
        app.active_account("locked@example.cn").await;
        for _ in 0..10 {
            app.login("locked@example.cn", "WrongPass1").await;
        }
        assert_eq!(problem(app.login("locked@example.cn", PASSWORD).await, 429).await["code"], "account_locked");
        let id = account_id(&app, &support, "email=locked@example.cn").await;
        assert!(app.get_ok(&format!("/api/v1/support/accounts/{id}"), &support).await["locked_until"].is_string());
        let res = app.send(Method::POST, &format!("/api/v1/support/accounts/{id}/unlock"), &support, json!({"reason": "学生来电"})).await;
        let unlocked: Value = res.json().await.unwrap();
        assert_eq!(unlocked["locked_until"], Value::Null);
        assert_eq!(app.login("locked@example.cn", PASSWORD).await.status().as_u16(), 200);
        assert_eq!(app.audit_actions(&id).await.last().map(String::as_str), Some("account.unlocked"));

        // Activation: only while registering, at most once a minute.
        let resend = |id: &str| app.authed(Method::POST, &format!("/api/v1/support/accounts/{id}/activation-email"), &support).send();
        assert_eq!(problem(resend(&id).await.unwrap(), 409).await["code"], "registration_complete");
        app.register("new@example.cn").await;
        let fresh = account_id(&app, &support, "email=new@example.cn").await;
        let before = app.outbox("new@example.cn").await.len();
        app.clock.advance(chrono::Duration::seconds(61));
        assert_eq!(resend(&fresh).await.unwrap().status().as_u16(), 200);
        assert_eq!(problem(resend(&fresh).await.unwrap(), 429).await["code"], "email_cooldown");
        assert_eq!(app.outbox("new@example.cn").await.len(), before + 1);

        let p = problem(app.authed(Method::GET, "/api/v1/support/accounts", &support).send().await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["code"], "lookup_required");
        let p = problem(app.authed(Method::GET, "/api/v1/support/accounts?phone=12", &support).send().await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["field"], "phone");
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/support/accounts/nope", &support).send().await.unwrap(), 404).await["code"], "account_not_found");
    }
);

api_test!(
    async fn platform_admins_create_list_and_disable_staff(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let create = |body: Value| app.authed(Method::POST, "/api/v1/staff/accounts", &admin).json(&body).send();
        let p = problem(create(json!({"email": "a@example.cn", "password": "Staff2026ok", "role": "school_admin"})).await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["field"], "school_code");
        let p = problem(create(json!({"email": "a@example.cn", "password": "Staff2026ok", "role": "provincial_reviewer", "province_code": "99"})).await.unwrap(), 422).await;
        assert_eq!(p["errors"][0]["code"], "province_unknown");
        let res = create(json!({"email": "Rev@Example.cn", "password": "Staff2026ok", "role": "provincial_reviewer", "province_code": "11", "school_code": "ignored"})).await.unwrap();
        assert_eq!(res.status().as_u16(), 201);
        let reviewer: Value = res.json().await.unwrap();
        assert_eq!((reviewer["email"].as_str(), reviewer["province_code"].as_str(), reviewer["school_code"].as_str()), (Some("rev@example.cn"), Some("11"), None));
        assert_eq!(problem(create(json!({"email": "rev@example.cn", "password": "Staff2026ok", "role": "support"})).await.unwrap(), 409).await["code"], "email_taken");

        let list = app.get_ok("/api/v1/staff/accounts?role=provincial_reviewer", &admin).await;
        assert_eq!(list["total"], 1);
        let token: Value = app.post("/api/v1/staff/sessions", json!({"email": "rev@example.cn", "password": "Staff2026ok"})).await.json().await.unwrap();
        let token = token["access_token"].as_str().unwrap().to_owned();
        let rid = reviewer["id"].as_str().unwrap();
        let res = app.send(Method::PATCH, &format!("/api/v1/staff/accounts/{rid}"), &admin, json!({"disabled": true, "reason": "测试停用"})).await;
        assert_eq!(res.json::<Value>().await.unwrap()["disabled"], true);
        // Disabled: the session ends at once and logins are refused.
        assert_eq!(problem(app.authed(Method::GET, "/api/v1/staff/me", &token).send().await.unwrap(), 401).await["code"], "session_revoked");
        assert_eq!(problem(app.post("/api/v1/staff/sessions", json!({"email": "rev@example.cn", "password": "Staff2026ok"})).await, 401).await["code"], "invalid_credentials");
        let res = app.send(Method::PATCH, &format!("/api/v1/staff/accounts/{rid}"), &admin, json!({"disabled": false})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(app.post("/api/v1/staff/sessions", json!({"email": "rev@example.cn", "password": "Staff2026ok"})).await.status().as_u16(), 200);
        let me: Value = app.get_ok("/api/v1/staff/me", &admin).await;
        let p = problem(app.send(Method::PATCH, &format!("/api/v1/staff/accounts/{}", me["id"].as_str().unwrap()), &admin, json!({"disabled": true})).await, 409).await;
        assert_eq!(p["code"], "cannot_disable_self");
        assert_eq!(app.audit_actions(rid).await, ["staff.created", "staff.disabled", "staff.enabled"]);
    }
);
