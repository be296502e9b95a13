//! Browser clients on other origins may call the API only when their origin is configured.

use xuexin_tests::api_test;

api_test!(with &[("APP_CORS_ORIGINS", "https://spa.example.cn, https://admin.example.cn/")],
    async fn configured_origins_may_call_the_api_and_others_may_not_read_it(app) {
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/sessions"))
            .header("Origin", "https://admin.example.cn")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,authorization")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status().as_u16(), 200);
        assert_eq!(preflight.headers()["access-control-allow-origin"], "https://admin.example.cn");

        let allowed = app.client.get(app.url("/health")).header("Origin", "https://spa.example.cn").send().await.unwrap();
        assert_eq!(allowed.headers()["access-control-allow-origin"], "https://spa.example.cn");
        let exposed = allowed.headers()["access-control-expose-headers"].to_str().unwrap().to_owned();
        assert!(exposed.contains("retry-after") && exposed.contains("x-request-id"), "{exposed}");

        let other = app.client.get(app.url("/health")).header("Origin", "https://evil.example").send().await.unwrap();
        assert!(!other.headers().contains_key("access-control-allow-origin"));
    }
);

api_test!(
    async fn without_configured_origins_the_api_is_same_origin_only(app) {
        let res = app.client.get(app.url("/health")).header("Origin", "https://spa.example.cn").send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert!(!res.headers().contains_key("access-control-allow-origin"));
    }
);
