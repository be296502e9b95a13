//! The schema on both engines: the tables exist, uniqueness is enforced by the database, and the
//! audit log cannot be rewritten.

use diesel::prelude::*;
use xuexin::db::schema::{accounts, audit_events};
use xuexin_tests::api_test;

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

api_test!(
    async fn the_database_enforces_one_account_per_email(app) {
        let result = app
            .db
            .run(|conn| {
                let insert = |conn: &mut xuexin::db::DbConnection, id: &str| {
                    diesel::insert_into(accounts::table)
                        .values((
                            accounts::id.eq(id),
                            accounts::email.eq("student@example.cn"),
                            accounts::password_hash.eq("x"),
                            accounts::status.eq("pending_activation"),
                            accounts::created_at.eq(now()),
                            accounts::updated_at.eq(now()),
                        ))
                        .execute(conn)
                };
                insert(conn, "a1").map_err(xuexin::error::AppError::from)?;
                insert(conn, "a2").map_err(xuexin::error::AppError::from)
            })
            .await;
        let err = result.expect_err("a second account with the same email is refused");
        assert_eq!(err.code(), "already_exists");
    }
);

api_test!(
    async fn the_audit_log_is_append_only(app) {
        let outcome = app
            .db
            .run(|conn| {
                diesel::insert_into(audit_events::table)
                    .values((
                        audit_events::occurred_at.eq(now()),
                        audit_events::actor_role.eq("support"),
                        audit_events::action.eq("account.identity_corrected"),
                        audit_events::target_type.eq("account"),
                        audit_events::target_id.eq("a1"),
                    ))
                    .execute(conn)?;
                let update = diesel::update(audit_events::table).set(audit_events::reason.eq("rewritten")).execute(conn);
                let delete = diesel::delete(audit_events::table).execute(conn);
                let count: i64 = audit_events::table.count().get_result(conn)?;
                let reason: Option<String> = audit_events::table.select(audit_events::reason).first(conn)?;
                Ok((update.is_err(), delete.is_err(), count, reason))
            })
            .await
            .unwrap();
        assert_eq!(outcome, (true, true, 1, None));
    }
);
