//! Table definitions shared by both engines (written by hand: the column types are the ones
//! SQLite and PostgreSQL both map to the same Rust types).

diesel::table! {
    accounts (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        channel -> Text,
        recipient -> Text,
        subject -> Nullable<Text>,
        body_text -> Text,
        body_html -> Nullable<Text>,
        template -> Nullable<Text>,
        params -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_role -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        before_state -> Nullable<Text>,
        after_state -> Nullable<Text>,
        reason -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(accounts, outbox, audit_events);
