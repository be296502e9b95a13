//! The registration steps after activation: real name and ID number (with the attempt budget that
//! keeps the step from probing other people's records), phone confirmation by SMS code, and the
//! confirmation that completes the account. Everything here needs the registration token.

pub mod routes;
pub mod service;
pub mod sms;
pub mod store;
