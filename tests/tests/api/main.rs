//! Black-box API tests: each starts the real server and talks HTTP to it.

mod accounts;
mod audit_log;
mod authorization;
mod bad_input;
mod corrections;
mod cors;
mod demo;
mod health;
mod image_scope;
mod images;
mod imports;
mod openapi;
mod outbox;
mod photo_hygiene;
mod records;
mod registration;
mod search_bodies;
mod sessions;
mod spa;
mod staff;
mod storage;
mod support_desk;
