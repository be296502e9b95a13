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
        activated_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        name -> Nullable<Text>,
        id_number -> Nullable<Text>,
        phone -> Nullable<Text>,
        phone_verified_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        erased_at -> Nullable<Timestamp>,
        closed_email -> Nullable<Text>,
        closed_phone -> Nullable<Text>,
        consent_version -> Nullable<Text>,
    }
}

diesel::table! {
    consent_events (id) {
        id -> BigInt,
        account_id -> Text,
        kind -> Text,
        version -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    report_lookups (id) {
        id -> BigInt,
        report_code -> Text,
        looked_up_at -> Timestamp,
    }
}

diesel::table! {
    identity_submissions (account_id, pair_hash) {
        account_id -> Text,
        pair_hash -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    sms_codes (id) {
        id -> Text,
        account_id -> Text,
        phone -> Text,
        code_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        failed_attempts -> Integer,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    provinces (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    schools (code) {
        code -> Text,
        name -> Text,
        province_code -> Text,
    }
}

diesel::table! {
    enrollments (id) {
        id -> Text,
        school_code -> Text,
        student_no -> Text,
        name -> Text,
        id_number -> Text,
        sex -> Text,
        birth_date -> Date,
        ethnicity -> Text,
        major -> Text,
        level -> Text,
        study_form -> Text,
        entry_date -> Date,
        expected_graduation -> Date,
        status -> Text,
        qualification_pending -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        revocation_reason -> Nullable<Text>,
        duplicate_of -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    degrees (id) {
        id -> Text,
        certificate_no -> Text,
        school_code -> Text,
        name -> Text,
        id_number -> Text,
        major -> Text,
        level -> Text,
        study_form -> Text,
        graduation_date -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    account_tokens (token_hash) {
        token_hash -> Text,
        account_id -> Text,
        purpose -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        account_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        remember_me -> Bool,
    }
}

diesel::table! {
    abandoned_registration_tokens (token_hash) {
        token_hash -> Text,
        account_id -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    lockouts (bucket, subject) {
        bucket -> Text,
        subject -> Text,
        locked_at -> Timestamp,
        locked_until -> Timestamp,
    }
}

diesel::table! {
    rate_counters (window_start, bucket, subject) {
        window_start -> Timestamp,
        bucket -> Text,
        subject -> Text,
        n -> Integer,
    }
}

diesel::table! {
    rate_events (id) {
        id -> BigInt,
        bucket -> Text,
        subject -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    outbox_attempts (id) {
        id -> BigInt,
        message_id -> Text,
        attempted_at -> Timestamp,
        transport -> Text,
        succeeded -> Bool,
        error -> Nullable<Text>,
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
        transport -> Nullable<Text>,
        redacted_at -> Nullable<Timestamp>,
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
        prev_hash -> Nullable<Text>,
        hash -> Nullable<Text>,
        epoch -> Integer,
    }
}

diesel::table! {
    image_batches (id) {
        id -> Text,
        uploaded_by -> Text,
        created_at -> Timestamp,
        accepted -> Integer,
        rejected -> Integer,
        report -> Text,
    }
}

diesel::table! {
    image_records (id) {
        id -> Text,
        batch_id -> Text,
        manifest_line -> Integer,
        file_name -> Text,
        school_name -> Text,
        name -> Text,
        id_number -> Text,
        captured_on -> Date,
        sha256 -> Text,
        object_key -> Text,
        content_type -> Text,
        width -> Integer,
        height -> Integer,
        size_bytes -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        deleted_reason -> Nullable<Text>,
        bytes_removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    collation_requests (id) {
        id -> Text,
        account_id -> Text,
        enrollment_id -> Text,
        school_code -> Text,
        image_record_id -> Nullable<Text>,
        kind -> Text,
        message -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
        decision_note -> Nullable<Text>,
    }
}

diesel::table! {
    audit_chain (id) {
        id -> Integer,
        last_event_id -> Nullable<BigInt>,
        last_hash -> Nullable<Text>,
    }
}

diesel::table! {
    change_requests (id) {
        id -> Text,
        enrollment_id -> Text,
        school_code -> Text,
        province_code -> Text,
        changes -> Text,
        before_state -> Text,
        reason -> Text,
        status -> Text,
        requested_by -> Text,
        created_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
    }
}

diesel::table! {
    verification_reports (code) {
        code -> Text,
        account_id -> Text,
        record_type -> Text,
        record_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        school_code -> Nullable<Text>,
        province_code -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
        must_change_password -> Bool,
        totp_secret -> Nullable<Text>,
        totp_pending_secret -> Nullable<Text>,
        totp_enrolled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    staff_recovery_codes (code_hash) {
        code_hash -> Text,
        staff_id -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_setup_tokens (token_hash) {
        token_hash -> Text,
        staff_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> Text,
        staff_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        last_active_at -> Timestamp,
    }
}

diesel::table! {
    account_recoveries (id) {
        id -> Text,
        kind -> Text,
        account_id -> Nullable<Text>,
        lookup_hash -> Nullable<Text>,
        phone -> Nullable<Text>,
        code_hash -> Nullable<Text>,
        code_expires_at -> Nullable<Timestamp>,
        failed_attempts -> Integer,
        new_email -> Nullable<Text>,
        clear_phone -> Bool,
        link_hash -> Nullable<Text>,
        link_expires_at -> Nullable<Timestamp>,
        evidence_kind -> Nullable<Text>,
        evidence_note -> Nullable<Text>,
        staff_id -> Nullable<Text>,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        voided_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(staff_sessions -> staff (staff_id));
diesel::joinable!(consent_events -> accounts (account_id));
diesel::joinable!(report_lookups -> verification_reports (report_code));
diesel::joinable!(staff_recovery_codes -> staff (staff_id));
diesel::joinable!(staff_setup_tokens -> staff (staff_id));
diesel::joinable!(verification_reports -> accounts (account_id));
diesel::joinable!(account_tokens -> accounts (account_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(abandoned_registration_tokens -> accounts (account_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(outbox_attempts -> outbox (message_id));
diesel::joinable!(identity_submissions -> accounts (account_id));
diesel::joinable!(sms_codes -> accounts (account_id));
diesel::joinable!(schools -> provinces (province_code));
diesel::joinable!(enrollments -> schools (school_code));
diesel::joinable!(degrees -> schools (school_code));
diesel::joinable!(change_requests -> enrollments (enrollment_id));
diesel::joinable!(image_records -> image_batches (batch_id));
diesel::joinable!(collation_requests -> enrollments (enrollment_id));
diesel::joinable!(collation_requests -> accounts (account_id));
diesel::joinable!(change_requests -> schools (school_code));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    account_recoveries,
    consent_events,
    report_lookups,
    account_tokens,
    sessions,
    refresh_tokens,
    abandoned_registration_tokens,
    lockouts,
    rate_counters,
    rate_events,
    outbox,
    outbox_attempts,
    audit_events,
    audit_chain,
    image_batches,
    image_records,
    collation_requests,
    change_requests,
    identity_submissions,
    sms_codes,
    provinces,
    schools,
    enrollments,
    degrees,
    verification_reports,
    staff,
    staff_sessions,
    staff_recovery_codes,
    staff_setup_tokens,
);
