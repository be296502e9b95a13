//! The backend serves the built SPA at `/`, with a fallback to index.html for client routes.

use xuexin_tests::{api_test, problem, TEST_INDEX_HTML};

api_test!(
    async fn the_spa_shell_is_served_at_the_root_and_for_client_routes(app) {
        for path in ["/", "/login", "/records/enrollments", "/verify/ABCD2345EFGH"] {
            let res = app.client.get(app.url(path)).header("Accept", "text/html,*/*").send().await.unwrap();
            assert_eq!(res.status().as_u16(), 200, "{path}");
            assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
            assert_eq!(res.text().await.unwrap(), TEST_INDEX_HTML, "{path}");
        }
    }
);

api_test!(
    async fn static_assets_are_served_and_missing_ones_are_404_not_the_shell(app) {
        let res = app.get("/assets/app.js").await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.text().await.unwrap(), "console.log('xuexin')");
        let res = app.client.get(app.url("/assets/missing.js")).header("Accept", "*/*").send().await.unwrap();
        problem(res, 404).await;
    }
);

api_test!(
    async fn non_page_requests_to_unknown_paths_get_a_problem_not_html(app) {
        let res = app.client.get(app.url("/no-such-page")).header("Accept", "application/json").send().await.unwrap();
        problem(res, 404).await;
        let res = app.client.post(app.url("/no-such-page")).header("Accept", "text/html").send().await.unwrap();
        problem(res, 404).await;
    }
);

api_test!(
    async fn the_api_docs_are_served_offline(app) {
        let res = app.get("/docs").await;
        assert_eq!(res.status().as_u16(), 308);
        assert_eq!(res.headers()["location"], "/docs/");
        let html = app.get("/docs/").await.text().await.unwrap();
        assert!(html.contains("swagger-ui"), "{html}");
        for asset in ["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/swagger-initializer.js"] {
            let res = app.get(asset).await;
            assert_eq!(res.status().as_u16(), 200, "{asset}");
        }
        // Nothing may come from outside this server: no CDN links in the page or its start script.
        let init = app.get("/docs/swagger-initializer.js").await.text().await.unwrap();
        for text in [&html, &init] {
            assert!(!text.contains("https://") && !text.contains("http://"), "external URL in docs: {text}");
        }
        assert!(init.contains("/api-docs/openapi.json"), "{init}");
    }
);
