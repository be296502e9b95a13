//! Request shapes (lengths, ranges, required fields, list sizes) declared with `validator`'s
//! derive on the body and query structs, and reported as the API's own field errors: the same
//! codes and the same Chinese and English messages as every other rule.
//!
//! Declare a limit on the struct, with the code and both messages the API promises:
//!
//! ```ignore
//! #[derive(Deserialize, Validate)]
//! struct Body {
//!     #[validate(length(max = 500, code = "reason_too_long", message = "原因最多 500 字。|The reason is at most 500 characters."))]
//!     reason: String,
//!     #[validate(custom(function = "crate::validation::phone"))]
//!     phone: String,
//! }
//! let body = valid(body.into_inner())?;
//! ```
//!
//! `message` holds the Chinese and the English text split by the first `|` (validator keeps one
//! message per rule). A rule without a message gets a plain one built from its limits. Domain
//! rules stay the parse-don't-validate types of [`crate::rules`]; a custom validator that calls
//! one turns its [`FieldError`] into a [`ValidationError`] with `From`, keeping its code and text.

use std::borrow::Cow;

use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::error::{AppError, FieldError, Text};

/// The parameter that carries the English message beside the Chinese one.
const EN: &str = "en";

/// Checks `value` against its declared limits; every broken one becomes a field error.
pub fn valid<T: Validate>(value: T) -> Result<T, AppError> {
    check(&value)?;
    Ok(value)
}

/// Like [`valid`], for a value that is only borrowed.
pub fn check<T: Validate>(value: &T) -> Result<(), AppError> {
    match value.validate() {
        Ok(()) => Ok(()),
        Err(errors) => Err(AppError::validation(field_errors(&errors))),
    }
}

/// The field errors of `value`'s declared limits (none when it is valid), for a handler that adds
/// the errors of its own cross-field rules before it answers.
pub fn problems<T: Validate>(value: &T) -> Vec<FieldError> {
    value
        .validate()
        .err()
        .map(|errors| field_errors(&errors))
        .unwrap_or_default()
}

/// The API's field errors for what `validator` found, fields in name order (the derive keeps
/// them in a map, and a client or test should see them in a stable order).
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    flatten("", errors, &mut out);
    out
}

/// A broken rule with its stable code and both messages, for custom validators.
pub fn broken(code: impl Into<Cow<'static, str>>, message: Text) -> ValidationError {
    let mut error = ValidationError::new("").with_message(message.zh);
    error.code = code.into();
    error.add_param(Cow::Borrowed(EN), &message.en.as_ref());
    error
}

impl From<FieldError> for ValidationError {
    fn from(e: FieldError) -> Self {
        broken(e.code, e.message)
    }
}

fn flatten(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in fields {
        let name = match (prefix, field.as_ref()) {
            ("", name) => name.to_owned(),
            // Struct-level rules speak of the object they sit on.
            (prefix, "__all__") => prefix.to_owned(),
            (prefix, name) => format!("{prefix}.{name}"),
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(list.iter().map(|e| to_field_error(&name, e)));
            }
            ValidationErrorsKind::Struct(inner) => flatten(&name, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(&format!("{name}[{index}]"), inner, out);
                }
            }
        }
    }
}

fn to_field_error(field: &str, e: &ValidationError) -> FieldError {
    let message = match (&e.message, e.params.get(EN)) {
        (Some(zh), Some(serde_json::Value::String(en))) => Text::new(zh.clone(), en.clone()),
        (Some(both), _) => match both.split_once('|') {
            Some((zh, en)) => Text::new(zh.to_owned(), en.to_owned()),
            None => Text::new(both.clone(), both.clone()),
        },
        (None, _) => plain_message(e),
    };
    FieldError::new(field.to_owned(), e.code.clone(), message)
}

/// A message from the rule's own limits, for a rule declared without one.
fn plain_message(e: &ValidationError) -> Text {
    let param = |name: &str| e.params.get(name).map(|v| v.to_string());
    let counts_characters = matches!(
        e.params.get("value"),
        Some(serde_json::Value::String(_) | serde_json::Value::Array(_))
    );
    let (what_zh, what_en) = if counts_characters {
        ("长度", "length")
    } else {
        ("取值", "value")
    };
    match (param("min"), param("max"), param("equal")) {
        (_, _, Some(n)) => Text::new(
            format!("{what_zh}应为 {n}。"),
            format!("The {what_en} must be {n}."),
        ),
        (Some(min), Some(max), _) => Text::new(
            format!("{what_zh}应在 {min} 到 {max} 之间。"),
            format!("The {what_en} must be from {min} to {max}."),
        ),
        (Some(min), None, _) => Text::new(
            format!("{what_zh}至少为 {min}。"),
            format!("The {what_en} must be at least {min}."),
        ),
        (None, Some(max), _) => Text::new(
            format!("{what_zh}最多为 {max}。"),
            format!("The {what_en} must be at most {max}."),
        ),
        (None, None, None) if e.code == "required" => Text::new("此项必填。", "This is required."),
        (None, None, None) => Text::new("填写的内容不符合要求。", "This value is not allowed."),
    }
}

/// Custom validator: a page number from 1 (see [`crate::db::page::check_page`]).
pub fn page(value: u32) -> Result<(), ValidationError> {
    crate::db::page::check_page(value).map_err(Into::into)
}

/// Custom validator: a page size from 1 to 100 (see [`crate::db::page::check_per_page`]).
pub fn per_page(value: u32) -> Result<(), ValidationError> {
    crate::db::page::check_per_page(value).map_err(Into::into)
}

/// Custom validator: a mobile number the rules accept.
pub fn phone(value: &str) -> Result<(), ValidationError> {
    crate::rules::phone::Mobile::parse(value, "phone")
        .map(drop)
        .map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Validate)]
    struct Body {
        #[validate(length(
            min = 1,
            max = 5,
            code = "reason_too_long",
            message = "原因最多 5 字。|The reason is at most 5 characters."
        ))]
        reason: String,
        #[validate(range(min = 1, max = 100))]
        per_page: u32,
        #[validate(nested)]
        items: Vec<Item>,
    }

    #[derive(Deserialize, Validate)]
    struct Item {
        #[validate(custom(function = "phone"))]
        phone: String,
    }

    #[test]
    fn every_broken_rule_is_a_field_error_with_both_messages_in_field_order() {
        let body = Body {
            reason: "太长了太长了".into(),
            per_page: 0,
            items: vec![
                Item {
                    phone: "13800138000".into(),
                },
                Item {
                    phone: "123".into(),
                },
            ],
        };
        let errors = field_errors(&body.validate().unwrap_err());
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["items[1].phone", "per_page", "reason"]);
        assert_eq!(errors[2].code, "reason_too_long");
        assert_eq!(errors[2].message.zh, "原因最多 5 字。");
        assert_eq!(errors[2].message.en, "The reason is at most 5 characters.");
        assert_eq!(errors[1].code, "range");
        assert_eq!(errors[1].message.en, "The value must be from 1 to 100.");
        // The rule's own code and text survive the trip through validator.
        let rule = crate::rules::phone::Mobile::parse("123", "phone").unwrap_err();
        assert_eq!(errors[0].code, rule.code);
        assert_eq!(errors[0].message, rule.message);
    }

    #[test]
    fn a_valid_value_passes_through() {
        let body = Body {
            reason: "好".into(),
            per_page: 20,
            items: vec![],
        };
        assert!(valid(body).is_ok());
    }
}
