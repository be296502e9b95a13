//! The staff roles: which kind of staff member a token belongs to, read by the authorization
//! policies of this layer and stored on each staff account.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a staff member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Operators of the portal: imports, staff accounts, the audit log.
    PlatformAdmin,
    /// Staff of one school (院校).
    SchoolAdmin,
    /// Staff of one province's education authority.
    ProvincialReviewer,
    /// The portal's customer service.
    Support,
    /// The photo-collection agency.
    ImageOperator,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::PlatformAdmin,
        Role::SchoolAdmin,
        Role::ProvincialReviewer,
        Role::Support,
        Role::ImageOperator,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::SchoolAdmin => "school_admin",
            Role::ProvincialReviewer => "provincial_reviewer",
            Role::Support => "support",
            Role::ImageOperator => "image_operator",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role can read and change every student's identity, so it must have a second
    /// factor (when `APP_STAFF_TOTP_REQUIRED`); for the other roles it is optional.
    pub fn needs_second_factor(self) -> bool {
        matches!(self, Role::PlatformAdmin | Role::Support)
    }
}
