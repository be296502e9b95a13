//! The rules of a correction, as pure functions: how a proposed change is read and the
//! field-by-field diff. Which fields a school may correct, and the record as a field → text
//! snapshot, are the enrollment record's own ([`crate::records::enrollment`]).

use serde_json::Value;

use crate::error::{FieldError, Text};
use crate::records::enrollment::editable;
pub use crate::records::enrollment::Snapshot;
use crate::rules::vocab::EnrollmentStatus;

#[cfg(test)]
fn to_snapshot<const N: usize>(pairs: [(&str, String); N]) -> Snapshot {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn changes_error(field: &str, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(format!("changes.{field}"), code, Text::new(zh, en))
}

/// Reads the proposed changes: an object of editable field → text. Unknown fields, values that
/// are not text and a status of 注销 are refused, each naming its field.
pub fn read_changes(raw: &serde_json::Map<String, Value>) -> Result<Snapshot, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut changes = Snapshot::new();
    let editable: Vec<&str> = editable().collect();
    for (field, value) in raw {
        if !editable.contains(&field.as_str()) {
            errors.push(changes_error(
                field,
                "field_not_editable",
                format!(
                    "不能更正字段 `{field}`；可更正的字段为 {}。",
                    editable.join("、")
                ),
                format!(
                    "`{field}` cannot be corrected; editable: {}.",
                    editable.join(", ")
                ),
            ));
            continue;
        }
        let Some(text) = value.as_str() else {
            errors.push(changes_error(
                field,
                "invalid_value",
                "新值应为文本（日期写作 YYYY-MM-DD）。".into(),
                "The new value must be a string (dates as YYYY-MM-DD).".into(),
            ));
            continue;
        };
        if field == "status" && text.trim() == EnrollmentStatus::Revoked.as_str() {
            errors.push(changes_error(
                field,
                "use_revocation",
                "注销学籍请使用“注销”操作并写明原因，不能通过更正完成。".into(),
                "Revoke a record with the revocation operation, not a correction.".into(),
            ));
            continue;
        }
        match crate::rules::text::line(text.trim(), format!("changes.{field}")) {
            Ok(clean) => {
                changes.insert(field.clone(), clean);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

/// The record with the changes applied.
pub fn apply(before: &Snapshot, changes: &Snapshot) -> Snapshot {
    let mut after = before.clone();
    after.extend(changes.iter().map(|(k, v)| (k.clone(), v.clone())));
    after
}

/// The changes that really change something, in their normalised form: `checked` is the
/// record after the changes, as the rules normalised it.
pub fn effective(before: &Snapshot, changes: &Snapshot, checked: &Snapshot) -> Snapshot {
    changes
        .keys()
        .filter_map(|k| {
            let new = checked.get(k)?;
            (before.get(k) != Some(new)).then(|| (k.clone(), new.clone()))
        })
        .collect()
}

/// One changed field: its value before and after.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldChange {
    /// The field, e.g. `name`.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The field-by-field diff of `changes` against `before`, in the order of the editable fields.
pub fn diff(before: &Snapshot, changes: &Snapshot) -> Vec<FieldChange> {
    editable()
        .filter_map(|f| {
            let after = changes.get(f)?;
            Some(FieldChange {
                field: f.to_owned(),
                before: before.get(f).cloned().unwrap_or_default(),
                after: after.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn before() -> Snapshot {
        to_snapshot([
            ("name", "王晓明".to_owned()),
            ("major", "计算机".to_owned()),
            ("status", "在籍".to_owned()),
        ])
    }

    #[test]
    fn only_editable_text_fields_are_read_and_revocation_is_its_own_operation() {
        let ok = read_changes(json!({"name": " 王小明 "}).as_object().unwrap()).unwrap();
        assert_eq!(ok.get("name").map(String::as_str), Some("王小明"));
        let errors = read_changes(
            json!({"school_code": "10003", "birth_date": 20050314, "status": "注销"})
                .as_object()
                .unwrap(),
        )
        .unwrap_err();
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.to_string(), e.code.to_string()))
            .collect();
        assert!(codes.contains(&("changes.school_code".into(), "field_not_editable".into())));
        assert!(codes.contains(&("changes.birth_date".into(), "invalid_value".into())));
        assert!(codes.contains(&("changes.status".into(), "use_revocation".into())));
    }

    #[test]
    fn the_diff_shows_each_changed_field_before_and_after_and_drops_no_op_changes() {
        let changes = to_snapshot([
            ("name", "王小明".to_owned()),
            ("major", "计算机".to_owned()),
        ]);
        let checked = apply(&before(), &changes);
        let effective = effective(&before(), &changes, &checked);
        assert_eq!(effective.len(), 1, "the unchanged major is dropped");
        assert_eq!(
            diff(&before(), &effective),
            vec![FieldChange {
                field: "name".into(),
                before: "王晓明".into(),
                after: "王小明".into()
            }]
        );
    }

    #[test]
    fn normalised_values_count_as_the_value_the_rules_store() {
        let changes = to_snapshot([("name", "阿依古丽・买买提".to_owned())]);
        let mut checked = apply(&before(), &changes);
        checked.insert("name".into(), "阿依古丽·买买提".into());
        let effective = effective(&before(), &changes, &checked);
        assert_eq!(effective["name"], "阿依古丽·买买提");
    }
}
