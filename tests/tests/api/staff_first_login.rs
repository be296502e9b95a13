//! First login of staff accounts made by an admin or the command line (issue 16): the member
//! must choose their own password before any other staff endpoint answers; a one-time setup
//! link lets them set it without anyone else knowing it.

use reqwest::Method;
use serde_json::{json, Value};
use xuexin::clock::Clock;
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem};

api_test!(
    async fn an_account_made_in_the_console_must_change_its_password_first(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let res = app.send(Method::POST, "/api/v1/staff/accounts", &admin, json!({"email": "pku@example.cn", "password": "Given2026ab", "role": "provincial_reviewer", "province_code": "11"})).await;
        assert_eq!(res.status().as_u16(), 201);
        assert!(res.json::<Value>().await.unwrap().get("setup_link").is_none());
        let res = app.post("/api/v1/staff/sessions", json!({"email": "pku@example.cn", "password": "Given2026ab"})).await;
        assert_eq!(res.status().as_u16(), 200);
        let token = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        let refused = problem(app.authed(Method::GET, "/api/v1/change-requests", &token).send().await.unwrap(), 403).await;
        assert_eq!((refused["code"].as_str(), refused["errors"][0]["field"].as_str()), (Some("setup_required"), Some("password")));
        assert_eq!(app.get_ok("/api/v1/staff/me", &token).await["setup_required"], json!(["password"]));

        let change = |current: &str, new: &str| app.send(Method::PUT, "/api/v1/staff/me/password", &token, json!({"current_password": current, "new_password": new}));
        assert_eq!(problem(change("Wrong2026ab", "Mine2026abc").await, 401).await["code"], "wrong_password");
        let p = problem(change("Given2026ab", "Given2026ab").await, 422).await;
        assert_eq!((p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()), (Some("new_password"), Some("password_unchanged")));
        assert_eq!(problem(change("Given2026ab", "123").await, 422).await["errors"][0]["field"], "new_password");
        assert_eq!(change("Given2026ab", "Mine2026abc").await.status().as_u16(), 204);
        app.get_ok("/api/v1/change-requests", &token).await;
        assert_eq!(app.get_ok("/api/v1/staff/me", &token).await["setup_required"], json!([]));
        assert_eq!(problem(app.post("/api/v1/staff/sessions", json!({"email": "pku@example.cn", "password": "Given2026ab"})).await, 401).await["code"], "invalid_credentials");
        assert_eq!(app.post("/api/v1/staff/sessions", json!({"email": "pku@example.cn", "password": "Mine2026abc"})).await.status().as_u16(), 200);
    }
);

api_test!(with &[("APP_STAFF_TOTP_REQUIRED", "true")],
    async fn a_setup_link_sets_the_password_once_and_a_support_agent_then_enrols(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        // (The admin enrols first: without it the console refuses.)
        let res = app.send(Method::POST, "/api/v1/staff/accounts", &admin, json!({"email": "desk@example.cn", "role": "support", "setup_link": true})).await;
        assert_eq!(problem(res, 403).await["code"], "setup_required");
        let secret = app.authed(Method::POST, "/api/v1/staff/me/second-factor/enrolment", &admin).send().await.unwrap().json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_owned();
        let code = |secret: &str| xuexin::auth::totp::code_at(&xuexin::auth::totp::base32_decode(secret).unwrap(), xuexin::auth::totp::step_of(app.clock.now()));
        assert_eq!(app.send(Method::POST, "/api/v1/staff/me/second-factor", &admin, json!({"code": code(&secret)})).await.status().as_u16(), 200);

        let res = app.send(Method::POST, "/api/v1/staff/accounts", &admin, json!({"email": "desk@example.cn", "role": "support", "setup_link": true})).await;
        assert_eq!(res.status().as_u16(), 201);
        let link = res.json::<Value>().await.unwrap()["setup_link"].as_str().unwrap().to_owned();
        assert!(link.starts_with("http://127.0.0.1:8080/staff/setup?token="), "{link}");
        let token = link.split("token=").nth(1).unwrap().to_owned();
        let p = problem(app.post("/api/v1/staff/setup", json!({"token": token, "new_password": "abc"})).await, 422).await;
        assert_eq!(p["errors"][0]["field"], "new_password");
        let res = app.post("/api/v1/staff/setup", json!({"token": token, "new_password": "Desk2026abc"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["email"], "desk@example.cn");
        assert_eq!(problem(app.post("/api/v1/staff/setup", json!({"token": token, "new_password": "Other2026ab"})).await, 404).await["code"], "setup_link_invalid");

        let res = app.post("/api/v1/staff/sessions", json!({"email": "desk@example.cn", "password": "Desk2026abc"})).await;
        let desk = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.get_ok("/api/v1/staff/me", &desk).await["setup_required"], json!(["second_factor"]), "the password is theirs; the role still needs a second factor");

        // An expired link does nothing.
        let res = app.send(Method::POST, "/api/v1/staff/accounts", &admin, json!({"email": "late@example.cn", "role": "image_operator", "setup_link": true})).await;
        let link = res.json::<Value>().await.unwrap()["setup_link"].as_str().unwrap().to_owned();
        app.clock.advance(chrono::Duration::hours(73));
        let token = link.split("token=").nth(1).unwrap();
        assert_eq!(problem(app.post("/api/v1/staff/setup", json!({"token": token, "new_password": "Late2026abc"})).await, 404).await["code"], "setup_link_invalid");
    }
);
