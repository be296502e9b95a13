//! Black-box API tests: each starts the real server and talks HTTP to it.

mod accounts;
mod audit_key;
mod audit_log;
mod authorization;
mod bad_input;
mod corrections;
mod cors;
mod demo;
mod hashing;
mod health;
mod image_scope;
mod images;
mod import_lines;
mod imports;
mod limits;
mod openapi;
mod outbox;
mod privacy;
mod records;
mod registration;
mod sessions;
mod spa;
mod staff;
mod storage;
mod support_desk;
