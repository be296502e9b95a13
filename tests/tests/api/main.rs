//! Black-box API tests: each starts the real server and talks HTTP to it.

mod accounts;
mod audit_log;
mod authorization;
mod bad_input;
mod corrections;
mod cors;
mod demo;
mod hashing;
mod health;
mod images;
mod imports;
mod openapi;
mod outbox;
mod records;
mod registration;
mod sessions;
mod shared_computers;
mod spa;
mod staff;
mod storage;
mod support_desk;
