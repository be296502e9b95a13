//! The audit log: append-only, hash-chained (a break is found where it is), and readable by
//! platform admins with filters.

use diesel::connection::SimpleConnection;
use reqwest::Method;
use serde_json::json;
use xuexin::audit::chain::{verify, Break};
use xuexin::clock::Clock;
use xuexin::staff::Role;
use xuexin_tests::{api_test, problem, Engine, TestApp};

async fn check(app: &TestApp) -> Option<Break> {
    let key = app.audit_key();
    app.db
        .run(move |conn| Ok(verify(conn, &key)?))
        .await
        .unwrap()
        .first_break
}

/// Runs `sql` with the append-only triggers out of the way, as an attacker with the keys could.
async fn tamper(app: &TestApp, sql: &'static str) {
    let (off, on) = match app.engine {
        Engine::Sqlite => (
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;",
            "",
        ),
        Engine::Postgres => (
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change;",
            "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change;",
        ),
    };
    app.db
        .run(move |conn| {
            conn.batch_execute(off)?;
            conn.batch_execute(sql)?;
            conn.batch_execute(on)?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn event_ids(app: &TestApp) -> Vec<i64> {
    use diesel::prelude::*;
    use xuexin::db::schema::audit_events as a;
    app.db
        .run(|conn| Ok(a::table.select(a::id).order(a::id.asc()).load(conn)?))
        .await
        .unwrap()
}

api_test!(
    async fn the_chain_holds_under_concurrent_writes_and_names_what_was_altered_or_removed(app) {
        // Many requests writing events at once still make one unbroken chain.
        let app = std::sync::Arc::new(app);
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move { app.register(&format!("chain{i}@example.cn")).await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let ids = event_ids(&app).await;
        assert!(ids.len() >= 12, "{ids:?}");
        assert_eq!(check(&app).await, None);

        // The database refuses to rewrite history through normal means.
        let refused = app.db.run(|conn| Ok(conn.batch_execute("DELETE FROM audit_events")?)).await;
        assert!(refused.is_err());

        tamper(&app, "UPDATE audit_events SET action = 'account.nothing' WHERE id = (SELECT MIN(id) + 2 FROM audit_events)").await;
        assert_eq!(check(&app).await, Some(Break::Altered { id: ids[2] }));
    }
);

api_test!(
    async fn removing_an_event_or_the_newest_ones_breaks_the_chain_where_it_happened(app) {
        for i in 0..4 {
            app.register(&format!("gone{i}@example.cn")).await;
        }
        let ids = event_ids(&app).await;
        tamper(&app, "DELETE FROM audit_events WHERE id = (SELECT MIN(id) + 1 FROM audit_events)").await;
        assert_eq!(check(&app).await, Some(Break::Removed { before_id: ids[2] }));
    }
);

api_test!(
    async fn removing_the_newest_events_is_found_too(app) {
        for i in 0..3 {
            app.register(&format!("tail{i}@example.cn")).await;
        }
        let ids = event_ids(&app).await;
        tamper(&app, "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)").await;
        assert_eq!(check(&app).await, Some(Break::TailRemoved { after_id: Some(ids[ids.len() - 2]) }));
    }
);

api_test!(
    async fn platform_admins_filter_the_log_and_nobody_can_change_it(app) {
        let admin = app.staff_token(Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let me = app.get_ok("/api/v1/staff/me", &admin).await["id"].as_str().unwrap().to_owned();
        let created = app.send(Method::POST, "/api/v1/staff/accounts", &admin, json!({"email": "desk@example.cn", "password": "Staff2026ok", "role": "support"})).await;
        let desk = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        app.register("someone@example.cn").await;

        let mine = app.get_ok(&format!("/api/v1/audit-events?actor={me}"), &admin).await;
        assert_eq!(mine["total"], 1);
        let e = &mine["items"][0];
        assert_eq!((e["action"].as_str(), e["target_type"].as_str(), e["target_id"].as_str()), (Some("staff.created"), Some("staff"), Some(desk.as_str())));
        assert_eq!(e["after"]["role"], "support");
        assert_eq!(e["hash"].as_str().unwrap().len(), 64);
        assert!(e["request_id"].is_string());
        let accounts = app.get_ok("/api/v1/audit-events?action=account.", &admin).await;
        assert!(accounts["total"].as_u64().unwrap() >= 1);
        assert!(accounts["items"].as_array().unwrap().iter().all(|e| e["action"].as_str().unwrap().starts_with("account.")));
        assert_eq!(app.get_ok("/api/v1/audit-events?action=account", &admin).await["total"], 0, "exact unless it ends with a dot");
        let today = app.clock.now().date_naive();
        let range = app.get_ok(&format!("/api/v1/audit-events?target={desk}&from={today}&to={today}"), &admin).await;
        assert_eq!(range["total"], 1);
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(app.get_ok(&format!("/api/v1/audit-events?from={tomorrow}"), &admin).await["total"], 0);
        let res = app.authed(Method::GET, &format!("/api/v1/audit-events?from=yesterday&to={today}&per_page=0"), &admin).send().await.unwrap();
        let fields: Vec<String> = problem(res, 422).await["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
        assert_eq!(fields, ["from", "per_page"]);
        let res = app.authed(Method::GET, &format!("/api/v1/audit-events?from={tomorrow}&to={today}"), &admin).send().await.unwrap();
        assert_eq!(problem(res, 422).await["errors"][0]["code"], "range_reversed");

        for method in [Method::PUT, Method::DELETE, Method::PATCH, Method::POST] {
            let res = app.authed(method, "/api/v1/audit-events", &admin).send().await.unwrap();
            assert_eq!(res.status().as_u16(), 405);
        }
    }
);
