//! The registration steps after activation (real name, phone, confirmation), for the holder of a
//! registration token.

pub mod routes;
