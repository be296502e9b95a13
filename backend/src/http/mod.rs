//! HTTP plumbing shared by every capability: request ids, problem rendering, extractor limits,
//! security headers, shared parts of the contract, and serving the SPA.

pub mod client_ip;
pub mod contract;
pub mod cors;
pub mod extractors;
pub mod known_routes;
pub mod meta;
pub mod pagination;
pub mod problem;
pub mod request_id;
pub mod security_headers;
pub mod spa;
pub mod upload;
