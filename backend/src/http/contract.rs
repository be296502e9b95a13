//! Parts of the utoipa contract that several handlers share.

/// Declares handlers that answer alike, such as a search offered both as a deprecated GET (its
/// filters in the query) and as a POST (them in the body): the `responses(...)` written once
/// before them joins each handler's `#[utoipa::path]`, so the twins cannot drift apart.
macro_rules! shared_responses {
    (
        responses $responses:tt;
        $(
            $(#[doc = $doc:literal])*
            #[utoipa::path($($contract:tt)*)]
            #[$route:meta]
            pub async fn $name:ident $params:tt -> $answer:ty $body:block
        )+
    ) => {
        $(
            $(#[doc = $doc])*
            #[utoipa::path($($contract)* responses $responses)]
            #[$route]
            pub async fn $name $params -> $answer $body
        )+
    };
}
pub(crate) use shared_responses;
