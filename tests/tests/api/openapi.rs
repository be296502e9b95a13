//! The contract: the committed openapi.yaml is what the code generates, and it documents every
//! operation well enough for an integrator to use it alone.

use std::path::Path;

use xuexin_tests::api_test;

#[test]
fn the_committed_openapi_yaml_is_what_the_code_generates() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml");
    let committed =
        std::fs::read_to_string(&path).expect("openapi.yaml exists at the repository root");
    let generated = xuexin::openapi::to_yaml();
    assert!(
        committed == generated,
        "openapi.yaml is out of date: run `make openapi` (and `make client`) and commit the result"
    );
}

#[test]
fn every_operation_is_documented_for_integrators() {
    let doc = serde_json::to_value(xuexin::openapi::document()).unwrap();
    let paths = doc["paths"].as_object().expect("paths");
    assert!(!paths.is_empty());
    let mut ids = std::collections::HashSet::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            for key in ["summary", "description", "operationId"] {
                assert!(
                    op[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{what} lacks {key}"
                );
            }
            assert!(
                ids.insert(op["operationId"].as_str().unwrap().to_owned()),
                "{what}: duplicate operationId"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{what} has no tag"
            );
            assert!(
                op["security"].is_array(),
                "{what} does not declare its security requirement"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{what} has no success response"
            );
            assert!(
                responses
                    .keys()
                    .any(|s| s.starts_with('4') || s.starts_with('5')),
                "{what} documents no error response"
            );
            for (status, res) in responses {
                let content = res["content"].as_object();
                if status.starts_with('4') || (status.starts_with('5') && path != "/health") {
                    let problem = content.and_then(|c| c.get("application/problem+json"));
                    assert!(
                        problem.is_some(),
                        "{what} {status} is not application/problem+json"
                    );
                }
                if let Some(content) = content {
                    for (media, body) in content {
                        let schema_example = body["schema"]["$ref"]
                            .as_str()
                            .and_then(|r| r.rsplit('/').next())
                            .is_some_and(|name| {
                                doc["components"]["schemas"][name].get("example").is_some()
                            });
                        // Photo bytes have no example worth printing; the media type says what they are.
                        let has_example = body.get("example").is_some()
                            || body.get("examples").is_some()
                            || schema_example
                            || media == "application/problem+json"
                            || media.starts_with("image/");
                        assert!(has_example, "{what} {status} {media} has no example");
                    }
                }
            }
            if let Some(body) = op.get("requestBody") {
                let json = body["content"].get("application/json").is_some();
                let expected: &[&str] = if json {
                    &["400", "413", "415", "422"]
                } else {
                    &["400", "413", "415"]
                };
                for status in expected.iter().copied() {
                    assert!(
                        responses.contains_key(status),
                        "{what} takes a body but does not document {status}"
                    );
                }
            }
        }
    }
}

api_test!(
    async fn the_served_document_is_the_generated_one(app) {
        let res = app.get("/api-docs/openapi.json").await;
        assert_eq!(res.status().as_u16(), 200);
        let served: serde_json::Value = res.json().await.unwrap();
        let generated = serde_json::to_value(xuexin::openapi::document()).unwrap();
        assert_eq!(served, generated);
    }
);
