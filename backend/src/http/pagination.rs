//! Pagination of lists: `?page=1&per_page=20` in, `{items, total, page, per_page}` out. The
//! types live in [`crate::db::page`]; they are named here too, where handlers look for them.

pub use crate::db::page::{
    check_page, check_per_page, fits_int32, Page, Window, DEFAULT_PER_PAGE, MAX_PER_PAGE,
};
