//! The keyed audit chain: events are linked by HMAC under APP_AUDIT_KEY (epoch 1), chaining on
//! from the plain SHA-256 events written before (epoch 0). Someone who can write the database but
//! lacks the key cannot rewrite a keyed event so that `verify` still passes.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use xuexin::audit::chain::{
    self, verify, Break, Content, EpochSpan, Verification, KEYED_EPOCH, PLAIN_EPOCH,
};
use xuexin::audit::AuditKey;
use xuexin::db::schema::{audit_chain, audit_events};
use xuexin::db::DbConnection;
use xuexin_tests::{api_test, Engine, TestApp};

const CONFIGURED_KEY: &str = "audit-key-for-tests-0123456789abcdef";

async fn check_with(app: &TestApp, key: AuditKey) -> Verification {
    app.db
        .run(move |conn| Ok(verify(conn, &key)?))
        .await
        .unwrap()
}

fn content(action: &str) -> Content {
    Content {
        occurred_at: chrono::DateTime::from_timestamp(1_780_000_000, 0)
            .unwrap()
            .naive_utc(),
        actor_id: None,
        actor_role: "system".into(),
        action: action.into(),
        target_type: "test".into(),
        target_id: "t".into(),
        before_state: None,
        after_state: None,
        reason: None,
        request_id: None,
    }
}

/// Appends events the way the build before the keyed chain did: plain SHA-256, epoch 0.
async fn append_plain_events(app: &TestApp, n: usize) {
    app.db
        .run(move |conn| {
            for i in 0..n {
                let prev: Option<String> = audit_chain::table
                    .find(1)
                    .select(audit_chain::last_hash)
                    .first(conn)?;
                let c = content(&format!("legacy.event_{i}"));
                let hash = chain::hash(prev.as_deref(), &c);
                diesel::insert_into(audit_events::table)
                    .values((
                        audit_events::occurred_at.eq(c.occurred_at),
                        audit_events::actor_role.eq(&c.actor_role),
                        audit_events::action.eq(&c.action),
                        audit_events::target_type.eq(&c.target_type),
                        audit_events::target_id.eq(&c.target_id),
                        audit_events::prev_hash.eq(&prev),
                        audit_events::hash.eq(&hash),
                    ))
                    .execute(conn)?;
                let id: i64 = audit_events::table
                    .select(audit_events::id)
                    .order(audit_events::id.desc())
                    .first(conn)?;
                diesel::update(audit_chain::table.find(1))
                    .set((
                        audit_chain::last_event_id.eq(id),
                        audit_chain::last_hash.eq(&hash),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

/// Every event as (id, epoch, hash), oldest first.
async fn events(app: &TestApp) -> Vec<(i64, i32, String)> {
    app.db
        .run(|conn| {
            Ok(audit_events::table
                .select((
                    audit_events::id,
                    audit_events::epoch,
                    audit_events::hash.assume_not_null(),
                ))
                .order(audit_events::id.asc())
                .load(conn)?)
        })
        .await
        .unwrap()
}

fn spans(v: &Verification) -> Vec<(i32, i64, i64)> {
    v.epochs
        .iter()
        .map(
            |EpochSpan {
                 epoch,
                 first_id,
                 last_id,
                 ..
             }| (*epoch, *first_id, *last_id),
        )
        .collect()
}

/// What an attacker who can write the database but lacks the key does: changes the reason of
/// event `target`, then recomputes plain SHA-256 links from it to the end (stored as `epoch`)
/// and moves the head, so that every link is consistent again.
async fn rewrite_with_plain_hashes(app: &TestApp, target: i64, epoch: i32) {
    let (off, on) = match app.engine {
        Engine::Sqlite => ("DROP TRIGGER IF EXISTS audit_events_no_update;", ""),
        Engine::Postgres => (
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change;",
            "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change;",
        ),
    };
    app.db
        .run(move |conn: &mut DbConnection| {
            conn.batch_execute(off)?;
            let mut prev: Option<String> = audit_events::table
                .filter(audit_events::id.lt(target))
                .order(audit_events::id.desc())
                .select(audit_events::hash)
                .first(conn)
                .optional()?
                .flatten();
            let rows: Vec<(i64, Content)> = audit_events::table
                .filter(audit_events::id.ge(target))
                .order(audit_events::id.asc())
                .select((audit_events::id, Content::as_select()))
                .load(conn)?;
            for (id, mut c) in rows {
                if id == target {
                    c.reason = Some("nothing happened".into());
                }
                let hash = chain::hash(prev.as_deref(), &c);
                diesel::update(audit_events::table.find(id))
                    .set((
                        audit_events::reason.eq(&c.reason),
                        audit_events::prev_hash.eq(&prev),
                        audit_events::hash.eq(&hash),
                        audit_events::epoch.eq(epoch),
                    ))
                    .execute(conn)?;
                diesel::update(audit_chain::table.find(1))
                    .set((
                        audit_chain::last_event_id.eq(id),
                        audit_chain::last_hash.eq(&hash),
                    ))
                    .execute(conn)?;
                prev = Some(hash);
            }
            conn.batch_execute(on)?;
            Ok(())
        })
        .await
        .unwrap();
}

api_test!(
    async fn keyed_events_chain_on_from_the_plain_head_and_a_plain_rewrite_of_them_is_found(app) {
        append_plain_events(&app, 2).await;
        for i in 0..3 {
            app.register(&format!("keyed{i}@example.cn")).await;
        }
        let all = events(&app).await;
        let epochs: Vec<i32> = all.iter().map(|e| e.1).collect();
        assert_eq!(&epochs[..3], [PLAIN_EPOCH, PLAIN_EPOCH, KEYED_EPOCH], "{all:?}");
        assert!(epochs[2..].iter().all(|e| *e == KEYED_EPOCH), "{all:?}");
        let (first_keyed, last) = (all[2].0, all[all.len() - 1].clone());

        let intact = check_with(&app, app.audit_key()).await;
        assert_eq!(intact.first_break, None);
        assert_eq!(spans(&intact), [(0, all[0].0, all[1].0), (1, first_keyed, last.0)]);
        let head = intact.head.unwrap();
        assert_eq!((head.id, head.epoch, head.hash.as_str()), (last.0, KEYED_EPOCH, last.2.as_str()));

        // Plain hashes recomputed over a rewritten keyed event do not pass for keyed links.
        rewrite_with_plain_hashes(&app, all[3].0, KEYED_EPOCH).await;
        assert_eq!(check_with(&app, app.audit_key()).await.first_break, Some(Break::Altered { id: all[3].0 }));
        // Nor does relabelling the rewritten events as plain ones: epochs never go back.
        rewrite_with_plain_hashes(&app, all[3].0, PLAIN_EPOCH).await;
        assert_eq!(check_with(&app, app.audit_key()).await.first_break, Some(Break::Downgraded { id: all[3].0 }));
    }
);

api_test!(
    async fn relabelling_the_whole_keyed_epoch_as_plain_passes_the_walk_but_not_the_written_down_head(app) {
        // The documented limit: the walk alone cannot tell a fully plain rewrite from a log that
        // was never keyed; the head an operator wrote down elsewhere can.
        for i in 0..3 {
            app.register(&format!("anchor{i}@example.cn")).await;
        }
        let anchored = check_with(&app, app.audit_key()).await.head.unwrap();
        let first = events(&app).await[0].0;
        rewrite_with_plain_hashes(&app, first, PLAIN_EPOCH).await;
        let after = check_with(&app, app.audit_key()).await;
        assert_eq!(after.first_break, None);
        let head = after.head.unwrap();
        assert_eq!((head.id, head.epoch), (anchored.id, PLAIN_EPOCH));
        assert_ne!(head.hash, anchored.hash, "the anchored head no longer matches");
    }
);

api_test!(with &[("APP_AUDIT_KEY", CONFIGURED_KEY)],
    async fn the_configured_key_links_the_events_and_another_key_is_found_out(app) {
        app.register("key@example.cn").await;
        app.register("key2@example.cn").await;
        assert_eq!(app.audit_key(), AuditKey::new(CONFIGURED_KEY));
        assert!(!app.dir.path().join("data/audit_key").exists(), "a configured key is not generated");
        assert_eq!(check_with(&app, AuditKey::new(CONFIGURED_KEY)).await.first_break, None);
        let first = events(&app).await[0].0;
        let wrong = AuditKey::new("another-key-of-enough-length-0123456789");
        let outcome = check_with(&app, wrong).await;
        assert_eq!(outcome.first_break, Some(Break::Altered { id: first }));
        assert_eq!(outcome.head, None, "no head is vouched for when the chain does not verify");
    }
);
