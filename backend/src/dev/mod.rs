//! Development helpers, present only with `APP_ENV=dev`: the outbox as JSON and as a mailbox page,
//! so that activation links and SMS codes can be read without a mail server or SMS gateway.

pub mod routes;
