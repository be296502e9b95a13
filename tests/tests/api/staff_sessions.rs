//! Staff sessions a person can see and end (issue 16): their own list with address and browser,
//! an admin ending anyone's with a reason, the idle timeout, and a disabled account refused at once
//! on every instance.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use xuexin::staff::Role;
use xuexin_tests::flows::PASSWORD;
use xuexin_tests::{api_test, problem, TestApp};

/// Logs `email` in on `address` from a browser named `ua`; returns the token.
async fn login_from(app: &TestApp, address: &str, email: &str, ua: &str) -> String {
    let res = app
        .client
        .post(format!("{address}/api/v1/staff/sessions"))
        .header("user-agent", ua)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The status of `GET /staff/me` with `token` on `address`.
async fn me_status(app: &TestApp, address: &str, token: &str) -> u16 {
    app.client
        .get(format!("{address}/api/v1/staff/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The audit events of `action` about `target` (newest first), as the admin reads them.
async fn events(app: &TestApp, admin: &str, action: &str, target: &str) -> Vec<Value> {
    app.get_ok(
        &format!("/api/v1/audit-events?action={action}&target={target}"),
        admin,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

api_test!(
    async fn a_staff_member_sees_their_sessions_with_address_and_browser_and_ends_one(app) {
        let first = app.staff_token(Role::Support, "s1@example.cn", None, None).await;
        let laptop = login_from(&app, &app.address, "s1@example.cn", CHROME).await;
        let phone = login_from(&app, &app.address, "s1@example.cn", SAFARI).await;
        let other = app.staff_token(Role::Support, "s2@example.cn", None, None).await;

        let list = app.get_ok("/api/v1/staff/sessions", &laptop).await;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 3, "{list}");
        let mine: Vec<&Value> = items.iter().filter(|s| s["current"] == true).collect();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["user_agent"], CHROME);
        assert!(items.iter().all(|s| s["ip"] == "127.0.0.1"), "{list}");
        let on_phone = items.iter().find(|s| s["user_agent"] == SAFARI).unwrap();
        let no_browser = items.iter().find(|s| s["user_agent"].is_null()).unwrap();
        for s in items {
            assert!(s["created_at"].is_string() && s["last_active_at"].is_string() && s["expires_at"].is_string());
        }

        // Another person's session is not found, and stays live.
        let theirs = app.get_ok("/api/v1/staff/sessions", &other).await["items"][0]["id"].as_str().unwrap().to_owned();
        let res = app.authed(Method::DELETE, &format!("/api/v1/staff/sessions/{theirs}"), &laptop).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "session_not_found");
        assert_eq!(me_status(&app, &app.address, &other).await, 200);

        // 退出此设备: the phone's token is refused on its very next request.
        let id = on_phone["id"].as_str().unwrap();
        let res = app.authed(Method::DELETE, &format!("/api/v1/staff/sessions/{id}"), &laptop).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        let res = app.authed(Method::GET, "/api/v1/staff/me", &phone).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");
        let res = app.authed(Method::DELETE, &format!("/api/v1/staff/sessions/{id}"), &laptop).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "session_not_found", "ended once");
        let left = app.get_ok("/api/v1/staff/sessions", &first).await;
        let ids: Vec<&str> = left["items"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&no_browser["id"].as_str().unwrap()) && !ids.contains(&id));
        assert_eq!(me_status(&app, &app.address, &laptop).await, 200);

        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let staff_id = app.get_ok("/api/v1/staff/me", &first).await["id"].as_str().unwrap().to_owned();
        let ended = events(&app, &admin, "staff_session.ended", &staff_id).await;
        assert_eq!(ended.len(), 1);
        assert_eq!(ended[0]["actor_id"], staff_id.as_str());
        assert_eq!(ended[0]["after"], json!({"session_id": id}));
    }
);

api_test!(
    async fn a_browser_name_is_stored_cleaned_and_cut(app) {
        app.staff_token(Role::Support, "ua@example.cn", None, None).await;
        let long = format!("Mozilla/5.0 \u{200B}{}", "x".repeat(400));
        let token = login_from(&app, &app.address, "ua@example.cn", &long).await;
        let list = app.get_ok("/api/v1/staff/sessions", &token).await;
        let mine = list["items"].as_array().unwrap().iter().find(|s| s["current"] == true).unwrap().clone();
        let ua = mine["user_agent"].as_str().unwrap();
        assert!(ua.starts_with("Mozilla/5.0 xxx"), "{ua}");
        assert_eq!(ua.chars().count(), 300);
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn a_platform_admin_ends_another_staff_members_sessions_with_a_reason(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let one = app.staff_token(Role::SchoolAdmin, "pku-staff@example.cn", Some("10001"), None).await;
        let two = login_from(&app, &app.address, "pku-staff@example.cn", CHROME).await;
        let three = login_from(&app, &app.address, "pku-staff@example.cn", SAFARI).await;
        let staff_id = app.get_ok("/api/v1/staff/me", &one).await["id"].as_str().unwrap().to_owned();
        let base = format!("/api/v1/staff/accounts/{staff_id}/sessions");

        let list = app.get_ok(&base, &admin).await;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert!(items.iter().all(|s| s["current"] == false), "none is the admin's own");
        let res = app.authed(Method::GET, "/api/v1/staff/accounts/no-such-id/sessions", &admin).send().await.unwrap();
        assert_eq!(problem(res, 404).await["code"], "staff_not_found");

        // One session, with a reason; without one it is refused and nothing ends.
        let chrome = items.iter().find(|s| s["user_agent"] == CHROME).unwrap()["id"].as_str().unwrap().to_owned();
        let res = app.send(Method::DELETE, &format!("{base}/{chrome}"), &admin, json!({"reason": "  "})).await;
        let body = problem(res, 422).await;
        assert_eq!(body["errors"][0]["field"], "reason");
        assert_eq!(body["errors"][0]["code"], "reason_required");
        assert_eq!(me_status(&app, &app.address, &two).await, 200);
        let res = app.send(Method::DELETE, &format!("{base}/{chrome}"), &admin, json!({"reason": "员工报告电脑丢失"})).await;
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(me_status(&app, &app.address, &two).await, 401);
        assert_eq!(me_status(&app, &app.address, &three).await, 200);

        // All the rest.
        let res = app.send(Method::DELETE, &base, &admin, json!({})).await;
        assert_eq!(problem(res, 422).await["errors"][0]["code"], "reason_required");
        let res = app.send(Method::DELETE, &base, &admin, json!({"reason": "账号疑似被盗用"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap(), json!({"ended": 2}));
        assert_eq!(me_status(&app, &app.address, &one).await, 401);
        assert_eq!(me_status(&app, &app.address, &three).await, 401);
        assert_eq!(app.get_ok(&base, &admin).await["items"], json!([]));
        // Ending all is not disabling: they may log in again.
        let again = login_from(&app, &app.address, "pku-staff@example.cn", CHROME).await;
        assert_eq!(me_status(&app, &app.address, &again).await, 200);

        let admin_id = app.get_ok("/api/v1/staff/me", &admin).await["id"].as_str().unwrap().to_owned();
        let one_event = events(&app, &admin, "staff_session.ended", &staff_id).await;
        assert_eq!(one_event.len(), 1);
        assert_eq!(one_event[0]["actor_id"], admin_id.as_str());
        assert_eq!(one_event[0]["actor_role"], "platform_admin");
        assert_eq!(one_event[0]["reason"], "员工报告电脑丢失");
        let all = events(&app, &admin, "staff_session.ended_all", &staff_id).await;
        assert_eq!(all.len(), 1);
        assert_eq!(all[0]["reason"], "账号疑似被盗用");
        assert_eq!(all[0]["after"], json!({"sessions_ended": 2}));

        // One's own sessions are ended at 登录设备, not from the staff list: the admin stays in.
        let own = format!("/api/v1/staff/accounts/{admin_id}/sessions");
        let res = app.send(Method::DELETE, &own, &admin, json!({"reason": "试一试"})).await;
        assert_eq!(problem(res, 409).await["code"], "cannot_end_own_sessions_here");
        assert_eq!(me_status(&app, &app.address, &admin).await, 200);
    }
);

api_test!(
    async fn a_staff_session_ends_after_thirty_idle_minutes_and_use_keeps_it_alive(app) {
        let busy = app.staff_token(Role::Support, "busy@example.cn", None, None).await;
        let idle = login_from(&app, &app.address, "busy@example.cn", CHROME).await;
        // Used every 29 minutes, a session lives on.
        for _ in 0..3 {
            app.clock.advance(Duration::minutes(29));
            assert_eq!(me_status(&app, &app.address, &busy).await, 200);
        }
        // 87 minutes unused: the other one is over, also in its owner's list.
        assert_eq!(me_status(&app, &app.address, &idle).await, 401);
        let list = app.get_ok("/api/v1/staff/sessions", &busy).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        // To the second: 29:59 unused is alive, 30:00 is not.
        let fresh = login_from(&app, &app.address, "busy@example.cn", SAFARI).await;
        app.clock.advance(Duration::minutes(29) + Duration::seconds(59));
        assert_eq!(me_status(&app, &app.address, &fresh).await, 200);
        app.clock.advance(Duration::minutes(29) + Duration::seconds(59));
        assert_eq!(me_status(&app, &app.address, &fresh).await, 200, "the use at 29:59 was recorded");
        app.clock.advance(Duration::minutes(30));
        let res = app.authed(Method::GET, "/api/v1/staff/me", &fresh).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");
    }
);

api_test!(with &[("APP_STAFF_SESSION_IDLE_MINS", "10")],
    async fn the_staff_idle_timeout_is_a_setting(app) {
        let token = app.staff_token(Role::Support, "ten@example.cn", None, None).await;
        app.clock.advance(Duration::minutes(9));
        assert_eq!(me_status(&app, &app.address, &token).await, 200);
        app.clock.advance(Duration::minutes(10));
        assert_eq!(me_status(&app, &app.address, &token).await, 401);
    }
);

api_test!(
    async fn a_disabled_accounts_token_is_refused_at_once_on_another_instance(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "a@example.cn", None, None).await;
        let agent = app.staff_token(Role::Support, "leaver@example.cn", None, None).await;
        let second = app.another_instance().await;
        assert_eq!(me_status(&app, &second, &agent).await, 200);
        let staff_id = app.get_ok("/api/v1/staff/me", &agent).await["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/staff/accounts/{staff_id}");

        let res = app.send(Method::PATCH, &path, &admin, json!({"disabled": true})).await;
        let body = problem(res, 422).await;
        assert_eq!(body["errors"][0]["field"], "reason");
        assert_eq!(body["errors"][0]["code"], "reason_required");
        assert_eq!(me_status(&app, &second, &agent).await, 200, "a refused request changes nothing");

        let res = app.send(Method::PATCH, &path, &admin, json!({"disabled": true, "reason": "已离职"})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["disabled"], true);
        // The very next request, on the other instance, is refused; so is a new login there.
        let res = app.client.get(format!("{second}/api/v1/staff/sessions")).bearer_auth(&agent).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "session_revoked");
        let res = app.client.post(format!("{second}/api/v1/staff/sessions")).json(&json!({"email": "leaver@example.cn", "password": PASSWORD})).send().await.unwrap();
        assert_eq!(problem(res, 401).await["code"], "invalid_credentials");

        let disabled = events(&app, &admin, "staff.disabled", &staff_id).await;
        assert_eq!(disabled.len(), 1);
        assert_eq!(disabled[0]["reason"], "已离职");
        assert_eq!(disabled[0]["after"], json!({"disabled": true, "sessions_ended": 1}));

        // Enabling needs no reason; the old token stays dead, a new login works.
        let res = app.send(Method::PATCH, &path, &admin, json!({"disabled": false})).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(me_status(&app, &second, &agent).await, 401);
        let back = login_from(&app, &second, "leaver@example.cn", CHROME).await;
        assert_eq!(me_status(&app, &app.address, &back).await, 200);
    }
);

api_test!(with &[("APP_DEMO_DATA", "true")],
    async fn only_platform_admins_see_and_end_other_peoples_sessions(app) {
        let support = app.staff_token(Role::Support, "sup@example.cn", None, None).await;
        let pku = app.staff_token(Role::SchoolAdmin, "pku-staff@example.cn", Some("10001"), None).await;
        let target = app.get_ok("/api/v1/staff/me", &pku).await["id"].as_str().unwrap().to_owned();
        let base = format!("/api/v1/staff/accounts/{target}/sessions");
        let res = app.authed(Method::GET, &base, &support).send().await.unwrap();
        assert_eq!(problem(res, 403).await["code"], "outside_role");
        let res = app.send(Method::DELETE, &base, &support, json!({"reason": "x"})).await;
        assert_eq!(problem(res, 403).await["code"], "outside_role");
        assert_eq!(me_status(&app, &app.address, &pku).await, 200);
    }
);
