//! Pages of a list: the checked window a store reads (`OFFSET`/`LIMIT`) and the page it gives
//! back. Lives with the database so that stores need no HTTP type; the HTTP layer re-exports it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, FieldError, Text};

/// The default page size.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The largest page size.
pub const MAX_PER_PAGE: u32 = 100;

/// Whether a query number fits the `int32` the OpenAPI document declares for it.
pub fn fits_int32(value: u32) -> bool {
    i32::try_from(value).is_ok()
}

/// Refuses a page number below 1 or beyond the `int32` the contract declares.
pub fn check_page(page: u32) -> Result<(), FieldError> {
    if page == 0 {
        return Err(FieldError::new(
            "page",
            "page_out_of_range",
            Text::new("页码从 1 开始。", "Pages start at 1."),
        ));
    }
    if !fits_int32(page) {
        // The contract declares a 32-bit integer; a larger page is refused rather than read.
        return Err(FieldError::new(
            "page",
            "page_out_of_range",
            Text::new(
                format!("页码最大为 {}。", i32::MAX),
                format!("Pages go up to {}.", i32::MAX),
            ),
        ));
    }
    Ok(())
}

/// Refuses a page size outside 1 to [`MAX_PER_PAGE`].
pub fn check_per_page(per_page: u32) -> Result<(), FieldError> {
    if (1..=MAX_PER_PAGE).contains(&per_page) {
        return Ok(());
    }
    Err(FieldError::new(
        "per_page",
        "per_page_out_of_range",
        Text::new(
            format!("每页条数应在 1 到 {MAX_PER_PAGE} 之间。"),
            format!("per_page must be from 1 to {MAX_PER_PAGE}."),
        ),
    ))
}

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub page: u32,
    pub per_page: u32,
}

impl Window {
    /// Checks `page` (from 1) and `per_page` (1 to 100); both optional.
    pub fn parse(page: Option<u32>, per_page: Option<u32>) -> Result<Self, AppError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        let errors: Vec<FieldError> = [check_page(page).err(), check_per_page(per_page).err()]
            .into_iter()
            .flatten()
            .collect();
        if errors.is_empty() {
            Ok(Self { page, per_page })
        } else {
            Err(AppError::validation(errors))
        }
    }

    /// Rows to skip.
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// Rows to take.
    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }

    /// One page of results with the total.
    pub fn page_of<T>(self, items: Vec<T>, total: i64) -> Page<T> {
        Page {
            items,
            total: total.max(0) as u64,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many match, over all pages.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    /// The same page with each item converted.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, _>>()?,
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_default_and_are_bounded() {
        let w = Window::parse(None, None).unwrap();
        assert_eq!((w.page, w.per_page, w.offset(), w.limit()), (1, 20, 0, 20));
        assert_eq!(Window::parse(Some(3), Some(50)).unwrap().offset(), 100);
        let e = Window::parse(Some(0), Some(101)).unwrap_err();
        let fields: Vec<_> = e
            .field_errors()
            .iter()
            .map(|f| f.field.to_string())
            .collect();
        assert_eq!(fields, ["page", "per_page"]);
        assert!(Window::parse(Some(i32::MAX as u32), None).is_ok());
        let e = Window::parse(Some(i32::MAX as u32 + 1), None).unwrap_err();
        assert_eq!(e.field_errors()[0].code, "page_out_of_range");
    }
}
