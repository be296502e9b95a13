use xuexin_tests::{api_test, Engine, TestApp};

api_test!(
    async fn health_reports_the_database_ok(app) {
        let res = app.get("/health").await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-type"], "application/json");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body, serde_json::json!({"status": "ok", "database": "ok"}));
    }
);

api_test!(
    async fn every_response_carries_a_request_id_and_echoes_a_sane_one(app) {
        let res = app.get("/health").await;
        let generated = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(generated.len(), 36, "a UUID: {generated}");

        let res = app.client.get(app.url("/health")).header("X-Request-Id", "trace-abc_123").send().await.unwrap();
        assert_eq!(res.headers()["x-request-id"], "trace-abc_123");

        let res = app.client.get(app.url("/health")).header("X-Request-Id", "bad id\twith tabs").send().await.unwrap();
        assert_ne!(res.headers()["x-request-id"], "bad id\twith tabs");

        let res = app.get("/api/v1/no-such-thing").await;
        let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["request_id"], id, "problem bodies name the request id too");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_503_while_the_database_is_gone() {
    // Only PostgreSQL can vanish under a running server: an open SQLite file keeps working.
    let Some(app) = TestApp::spawn(Engine::Postgres).await else {
        return;
    };
    assert_eq!(app.get("/health").await.status().as_u16(), 200);
    app.drop_database();
    let res = app.get("/health").await;
    assert_eq!(res.status().as_u16(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"status": "unavailable", "database": "unavailable"})
    );
}
