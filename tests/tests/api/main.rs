//! Black-box API tests: each starts the real server and talks HTTP to it.

mod bad_input;
mod health;
mod openapi;
mod spa;
mod storage;
