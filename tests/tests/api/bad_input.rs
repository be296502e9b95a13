//! Bad input of every kind gets a problem+json 4xx, and the server stays up.

use xuexin_tests::{api_test, problem};

api_test!(
    async fn unknown_api_paths_are_problem_404s_not_the_spa(app) {
        for path in ["/api/v1/nothing-here", "/api/v2/health", "/api/whatever"] {
            let res = app.client.get(app.url(path)).header("Accept", "text/html").send().await.unwrap();
            let body = problem(res, 404).await;
            assert_eq!(body["code"], "not_found");
            assert_eq!(body["type"], "urn:xuexin:problem:not_found");
            assert_eq!(body["instance"], path);
        }
    }
);

api_test!(
    async fn a_known_path_with_the_wrong_method_is_405_with_allow(app) {
        let res = app.client.delete(app.url("/health")).send().await.unwrap();
        assert_eq!(res.headers()["allow"], "GET, HEAD");
        let body = problem(res, 405).await;
        assert_eq!(body["code"], "method_not_allowed");
    }
);

/// `POST /api/v1/accounts` (a real JSON route) with `body`, declared as JSON.
async fn register_raw(app: &xuexin_tests::TestApp, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/accounts"))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the server answers before or after reading the body, and the answer arrives")
}

/// A registration body of exactly `len` bytes: valid JSON whose password is padded to fit.
fn registration_of_length(len: usize) -> Vec<u8> {
    let frame = r#"{"email":"big@example.cn","password":""}"#;
    let body = format!(
        r#"{{"email":"big@example.cn","password":"{}"}}"#,
        "a".repeat(len - frame.len())
    );
    assert_eq!(body.len(), len);
    body.into_bytes()
}

api_test!(
    async fn a_ten_megabyte_body_to_a_json_route_is_a_413_problem_and_the_server_stays_up(app) {
        let res = register_raw(&app, registration_of_length(10 * 1024 * 1024)).await;
        let body = problem(res, 413).await;
        assert_eq!(body["code"], "payload_too_large");
        assert_eq!(body["detail"], "提交的内容过大，最多 262144 字节。", "the default APP_JSON_LIMIT_BYTES");
        assert_eq!(app.get("/health").await.status().as_u16(), 200);
    }
);

api_test!(with &[("APP_JSON_LIMIT_BYTES", "2048")],
    async fn json_bodies_are_read_up_to_app_json_limit_bytes_and_refused_past_it(app) {
        // At the limit the body is read and judged on its content (a far too long password).
        let res = register_raw(&app, registration_of_length(2048)).await;
        let body = problem(res, 422).await;
        assert_eq!(body["errors"][0]["field"], "password", "{body}");
        // One byte more and it is refused whole, before any rule runs.
        let res = register_raw(&app, registration_of_length(2049)).await;
        let body = problem(res, 413).await;
        assert_eq!(body["code"], "payload_too_large");
        assert_eq!(body["detail"], "提交的内容过大，最多 2048 字节。");
        assert_eq!(app.get("/health").await.status().as_u16(), 200);
    }
);

api_test!(
    async fn paths_with_odd_bytes_are_problem_404s(app) {
        for path in ["/api/v1/%FF%FE%00", "/api/v1/..%2F..%2Fetc%2Fpasswd", "/%C0%AE%C0%AE/x.js", "/api/v1/%E5%AD%A6%E4%BF%A1"] {
            let res = app.get(path).await;
            let body = problem(res, 404).await;
            assert_eq!(body["code"], "not_found", "{path}");
        }
        assert_eq!(app.get("/health").await.status().as_u16(), 200);
    }
);

api_test!(
    async fn problems_are_in_chinese_by_default_and_english_on_request(app) {
        let zh = problem(app.get("/api/v1/nothing-here").await, 404).await;
        assert_eq!(zh["detail"], "请求的地址不存在。");
        let res = app
            .client
            .get(app.url("/api/v1/nothing-here"))
            .header("Accept-Language", "en-US,en;q=0.9")
            .send()
            .await
            .unwrap();
        let en = problem(res, 404).await;
        assert_eq!(en["detail"], "Nothing exists at this address.");
        assert_eq!(en["code"], zh["code"], "the machine code does not depend on the language");
    }
);

api_test!(
    async fn compressed_error_bodies_are_really_compressed(app) {
        // A rewritten problem body must not inherit the encoding header of the body it replaced.
        let res = app.client.delete(app.url("/health")).header("Accept-Encoding", "gzip").send().await.unwrap();
        assert_eq!(res.status().as_u16(), 405);
        let gzip = res.headers().get("content-encoding").is_some_and(|v| v == "gzip");
        let bytes = res.bytes().await.unwrap();
        if gzip {
            assert_eq!(&bytes[..2], &[0x1f, 0x8b], "declared gzip but the body is not");
        } else {
            serde_json::from_slice::<serde_json::Value>(&bytes).expect("a plain JSON body");
        }
    }
);

api_test!(
    async fn numbers_past_the_declared_int32_are_refused_not_read(app) {
        // Found by the contract fuzzer: both were answered 200 although the contract says int32.
        let admin = app.staff_token(xuexin::staff::Role::PlatformAdmin, "admin@example.cn", None, None).await;
        let res = app.authed(reqwest::Method::GET, "/api/v1/audit-events?page=2147483648", &admin).send().await.unwrap();
        let body = problem(res, 422).await;
        assert_eq!(body["errors"][0]["field"], "page");
        assert_eq!(body["errors"][0]["code"], "page_out_of_range");
        let res = app.authed(reqwest::Method::GET, "/api/v1/audit-events?page=2147483647", &admin).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "the largest int32 is a page like any other");

        let body = problem(app.get("/api/v1/dev/outbox?limit=2147483648").await, 422).await;
        assert_eq!(body["errors"][0]["code"], "limit_out_of_range");
        assert_eq!(app.get("/api/v1/dev/outbox?limit=500").await.status().as_u16(), 200);
    }
);

api_test!(
    async fn a_nul_in_a_query_parameter_is_bad_input_not_a_server_error(app) {
        // Found by the contract fuzzer on PostgreSQL, whose text cannot hold NUL: both were 500s.
        let support = app.staff_token(xuexin::staff::Role::Support, "support@example.cn", None, None).await;
        let reviewer = app.staff_token(xuexin::staff::Role::ProvincialReviewer, "bj@example.cn", None, Some("11")).await;
        for (path, token) in [("/api/v1/support/accounts?email=a%00b", &support), ("/api/v1/change-requests?enrollment_id=a%00b", &reviewer)] {
            let res = app.authed(reqwest::Method::GET, path, token).send().await.unwrap();
            match app.engine {
                // SQLite stores NUL like any character: the search simply finds nothing.
                xuexin_tests::Engine::Sqlite => assert_eq!(res.status().as_u16(), 200, "{path}"),
                xuexin_tests::Engine::Postgres => {
                    assert_eq!(problem(res, 400).await["code"], "invalid_characters", "{path}")
                }
            }
        }
    }
);
