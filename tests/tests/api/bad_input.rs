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

api_test!(
    async fn a_ten_megabyte_body_is_refused_and_the_server_stays_up(app) {
        let big = vec![b'{'; 10 * 1024 * 1024];
        let res = app
            .client
            .post(app.url("/api/v1/nothing-here"))
            .header("Content-Type", "application/json")
            .body(big)
            .send()
            .await;
        if let Ok(res) = res {
            // The server may answer before reading the body, and then close the connection.
            assert!(res.status().is_client_error(), "{}", res.status());
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
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
