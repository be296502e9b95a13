//! The ID number, name and phone rules against `tests/vectors/rules.json`, the cases the SPA's
//! port (`frontend/src/lib/rules/rule-vectors.test.ts`) checks too: one file keeps the two in step.

use chrono::NaiveDate;
use serde_json::Value;
use xuexin::rules::{id_number::IdNumber, name::PersonName, phone::Mobile};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/rules.json");
    let text = std::fs::read_to_string(path).expect("tests/vectors/rules.json");
    serde_json::from_str(&text).expect("rules.json is JSON")
}

/// `(raw, value)` of the valid cases and `(raw, code)` of the invalid ones of a rule.
fn cases(vectors: &Value, rule: &str, kind: &str, key: &str) -> Vec<(String, String)> {
    let list = vectors[rule][kind].as_array().expect("a list of cases");
    assert!(!list.is_empty(), "{rule}.{kind} has cases");
    list.iter()
        .map(|case| {
            let text = |k: &str| case[k].as_str().expect("a string").to_owned();
            (text("raw"), text(key))
        })
        .collect()
}

/// Runs `parse` on every case of `rule`: valid ones give `value`, invalid ones fail with `code`.
fn check(rule: &str, parse: impl Fn(&str) -> Result<String, String>) {
    let vectors = vectors();
    for (raw, value) in cases(&vectors, rule, "valid", "value") {
        assert_eq!(parse(&raw), Ok(value), "{rule} {raw:?}");
    }
    for (raw, code) in cases(&vectors, rule, "invalid", "code") {
        assert_eq!(parse(&raw), Err(code), "{rule} {raw:?}");
    }
}

#[test]
fn id_numbers() {
    let today = vectors()["today"].as_str().expect("today").to_owned();
    let today = NaiveDate::parse_from_str(&today, "%Y-%m-%d").expect("a date");
    check("id_number", |raw| {
        IdNumber::parse(raw, today, "id_number")
            .map(|id| id.as_str().to_owned())
            .map_err(|e| e.code.to_string())
    });
}

#[test]
fn names() {
    check("name", |raw| {
        PersonName::parse(raw, "name")
            .map(|name| name.as_str().to_owned())
            .map_err(|e| e.code.to_string())
    });
}

#[test]
fn phones() {
    check("phone", |raw| {
        Mobile::parse(raw, "phone")
            .map(|phone| phone.as_str().to_owned())
            .map_err(|e| e.code.to_string())
    });
}
