//! Demo data: loaded once on first start in dev, and its identities find their records.

use diesel::prelude::*;
use serde_json::Value;
use xuexin::db::schema::{degrees, enrollments};
use xuexin_tests::{api_test, TestApp};

async fn counts(app: &TestApp) -> (i64, i64) {
    app.db
        .run(|conn| {
            Ok((
                enrollments::table.count().get_result(conn)?,
                degrees::table.count().get_result(conn)?,
            ))
        })
        .await
        .unwrap()
}

async fn with_demo(engine: xuexin_tests::Engine) -> Option<TestApp> {
    TestApp::spawn_with(engine, &[("APP_DEMO_DATA", "true")]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_loads_once_and_its_identities_find_their_records_sqlite() {
    demo_flow(with_demo(xuexin_tests::Engine::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_loads_once_and_its_identities_find_their_records_postgres() {
    let Some(app) = with_demo(xuexin_tests::Engine::Postgres).await else {
        return;
    };
    demo_flow(app).await;
}

async fn demo_flow(app: TestApp) {
    let first = counts(&app).await;
    assert_eq!(first, (47, 2));
    app.another_instance().await;
    assert_eq!(counts(&app).await, first, "a restart loads nothing twice");

    for (name, id_number, _) in xuexin::demo::named_people() {
        let email = format!("demo{}@example.cn", &id_number[..6]);
        let email = format!("{}{}", &id_number[14..17], email);
        app.register(&email).await;
        let token = app.activate(&email).await;
        let body: Value = app
            .identity(&token, &name, &id_number)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["records_found"], true, "{name} {id_number}: {body}");
    }
}

api_test!(
    async fn the_test_harness_starts_without_demo_data(app) {
        assert_eq!(counts(&app).await, (0, 0));
    }
);
