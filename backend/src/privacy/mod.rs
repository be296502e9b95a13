//! Students' rights (PIPL arts. 44–47): the privacy notice and consent to it, the student's copy
//! of everything the portal holds about them (我的数据), and the history of staff who looked at
//! their full details. The notice's text lives in the SPA (`/privacy`); its version lives in
//! `accounts::consent` (the student extractor checks it), re-exported here.

pub mod closing;
pub mod export;
pub mod html;
pub mod routes;
pub mod service;
pub mod store;
pub mod views;

pub use crate::accounts::consent::{
    check_version, is_current, NOTICE_PUBLISHED_ON, NOTICE_VERSION,
};
