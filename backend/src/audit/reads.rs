//! Audit of staff reads of sensitive personal data (PIPL: access to sensitive data must be
//! traceable). Every staff answer that carries a student's full ID number or phone number writes
//! one `personal_data_read` event per person shown, in the request that shows them: if the events
//! cannot be written, the answer is not given. Handlers and services call [`record`] only.

use serde_json::json;

use super::Event;
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::DbConnection;
use crate::error::AppError;

/// The action of every read event.
pub const ACTION: &str = "personal_data_read";

/// A full ID number was shown.
pub const ID_NUMBER: &str = "id_number";
/// A full mobile number was shown.
pub const PHONE: &str = "phone";

/// Whose data was shown: a student account (`account`) or a record (`enrollment`, `degree`,
/// `image_record`), and which fields of it in full.
#[derive(Debug, Clone)]
pub struct Read {
    pub target_type: &'static str,
    pub target_id: String,
    /// Only the fields the answer carries in full, in the order [`ID_NUMBER`], [`PHONE`].
    pub fields: Vec<&'static str>,
}

impl Read {
    /// A read of the fields of `target` that are present (`None` when the answer holds none).
    pub fn of(
        target_type: &'static str,
        target_id: &str,
        id_number: Option<&str>,
        phone: Option<&str>,
    ) -> Option<Self> {
        let fields: Vec<&'static str> = [(ID_NUMBER, id_number), (PHONE, phone)]
            .into_iter()
            .filter(|(_, v)| v.is_some_and(|v| !v.is_empty()))
            .map(|(f, _)| f)
            .collect();
        (!fields.is_empty()).then(|| Self {
            target_type,
            target_id: target_id.to_owned(),
            fields,
        })
    }
}

/// Records that `actor` was shown `reads` for `purpose` (named after the endpoint, e.g.
/// `support_account_detail`), with the caller's `reason` if they gave one: one event per read,
/// appended to the audit chain in one batch inside the caller's transaction.
pub fn record(
    conn: &mut DbConnection,
    ctx: &Ctx,
    actor: &StaffUser,
    purpose: &str,
    reason: Option<&str>,
    reads: &[Read],
) -> Result<(), AppError> {
    let events = reads
        .iter()
        .map(|r| Event {
            after: Some(json!({"fields": r.fields, "purpose": purpose})),
            reason,
            ..Event::by_staff(actor, ctx, ACTION, r.target_type, &r.target_id)
        })
        .collect();
    super::record_all(conn, &ctx.audit_key, ctx.ts(), events)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_names_only_the_fields_shown_in_full() {
        let both = Read::of(
            "account",
            "a",
            Some("11019920050314011X"),
            Some("13800138000"),
        );
        assert_eq!(both.unwrap().fields, vec![ID_NUMBER, PHONE]);
        let phone = Read::of("account", "a", None, Some("13800138000")).unwrap();
        assert_eq!(phone.fields, vec![PHONE]);
        assert!(Read::of("account", "a", None, None).is_none());
        assert!(Read::of("account", "a", Some(""), None).is_none());
    }
}
