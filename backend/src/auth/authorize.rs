//! Roles and scopes of staff: the one place that decides who may call what and see which records.
//!
//! A handler states the roles it admits in its signature, `Authorized<SchoolAdmins>`; the
//! extractor answers 401 without a live staff session and 403 for any other role. What a staff
//! member may see is their [`Scope`]; services load a record and pass it through
//! [`Scope::admit`], which answers 404 for records outside it, so nobody learns they exist.

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::Role;
use super::StaffUser;
use crate::error::{AppError, Text};

/// The roles an operation admits.
pub trait Policy {
    /// Every role that may call the operation.
    const ROLES: &'static [Role];
}

macro_rules! policies {
    ($($(#[$doc:meta])* $name:ident => [$($role:ident),+];)+) => {
        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub struct $name;
            impl Policy for $name {
                const ROLES: &'static [Role] = &[$(Role::$role),+];
            }
        )+
    };
}

policies! {
    /// Platform admins: imports, staff accounts, the audit log.
    PlatformAdmins => [PlatformAdmin];
    /// School admins: their school's 在校生 and 图像校对 modules.
    SchoolAdmins => [SchoolAdmin];
    /// Provincial reviewers: the change requests of their province's schools.
    Reviewers => [ProvincialReviewer];
    /// Those who work on change requests: the school that proposes, the province that decides.
    CorrectionParties => [SchoolAdmin, ProvincialReviewer];
    /// Support agents: the support desk.
    SupportAgents => [Support];
    /// The photo agency: uploads photo batches.
    ImageOperators => [ImageOperator];
}

/// A staff member whose role the policy `P` admits.
#[derive(Debug)]
pub struct Authorized<P: Policy> {
    pub staff: StaffUser,
    policy: PhantomData<P>,
}

impl<P: Policy> Deref for Authorized<P> {
    type Target = StaffUser;

    fn deref(&self) -> &StaffUser {
        &self.staff
    }
}

/// 403: the staff member's role may not do this.
pub fn wrong_role() -> AppError {
    AppError::forbidden(
        "outside_role",
        Text::new(
            "您的工作人员角色不能执行此操作。",
            "Your staff role does not allow this.",
        ),
    )
}

impl<P: Policy + 'static> FromRequest for Authorized<P> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let staff = StaffUser::from_request(req, payload);
        Box::pin(async move {
            let staff = staff.await?;
            if !P::ROLES.contains(&staff.role) {
                return Err(wrong_role());
            }
            Ok(Authorized {
                staff,
                policy: PhantomData,
            })
        })
    }
}

/// Which records a staff member may see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every school (platform admins, support, image operators).
    Nationwide,
    /// The schools of one province.
    Province(String),
    /// One school.
    School(String),
}

/// Where a record belongs: its school and that school's province.
pub trait Placed {
    /// The school's code.
    fn school_code(&self) -> &str;
    /// The code of the school's province.
    fn province_code(&self) -> &str;
}

impl Scope {
    /// The scope of a staff member, from their role and binding.
    pub fn of(staff: &StaffUser) -> Self {
        match (staff.role, &staff.school_code, &staff.province_code) {
            (Role::SchoolAdmin, Some(school), _) => Scope::School(school.clone()),
            (Role::ProvincialReviewer, _, Some(province)) => Scope::Province(province.clone()),
            // The database refuses a school admin without a school and a reviewer without a
            // province; should one appear anyway, it sees nothing.
            (Role::SchoolAdmin | Role::ProvincialReviewer, _, _) => Scope::School(String::new()),
            _ => Scope::Nationwide,
        }
    }

    /// Whether a record of `school_code` in `province_code` lies within the scope.
    pub fn covers(&self, school_code: &str, province_code: &str) -> bool {
        match self {
            Scope::Nationwide => true,
            Scope::Province(p) => p == province_code,
            Scope::School(s) => s == school_code,
        }
    }

    /// The record, if it exists and lies within the scope; otherwise 404 with `not_found`.
    pub fn admit<T: Placed>(&self, record: Option<T>, not_found: AppError) -> Result<T, AppError> {
        match record {
            Some(r) if self.covers(r.school_code(), r.province_code()) => Ok(r),
            _ => Err(not_found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct At(&'static str, &'static str);
    impl Placed for At {
        fn school_code(&self) -> &str {
            self.0
        }
        fn province_code(&self) -> &str {
            self.1
        }
    }

    fn staff(role: Role, school: Option<&str>, province: Option<&str>) -> StaffUser {
        StaffUser {
            staff_id: "s".into(),
            email: "s@example.cn".into(),
            session_id: "x".into(),
            role,
            school_code: school.map(Into::into),
            province_code: province.map(Into::into),
        }
    }

    #[test]
    fn a_school_admin_sees_only_their_school_and_a_reviewer_only_their_province() {
        let school = Scope::of(&staff(Role::SchoolAdmin, Some("10001"), None));
        assert!(school.covers("10001", "11"));
        assert!(!school.covers("10003", "11"));
        let province = Scope::of(&staff(Role::ProvincialReviewer, None, Some("11")));
        assert!(province.covers("10001", "11") && province.covers("10003", "11"));
        assert!(!province.covers("10246", "31"));
        assert!(Scope::of(&staff(Role::Support, None, None)).covers("10246", "31"));
        let unbound = Scope::of(&staff(Role::SchoolAdmin, None, None));
        assert!(!unbound.covers("10001", "11"));
    }

    #[test]
    fn records_outside_the_scope_are_not_found() {
        let scope = Scope::School("10001".into());
        let gone = || AppError::from_status(actix_web::http::StatusCode::NOT_FOUND);
        assert!(scope.admit(Some(At("10001", "11")), gone()).is_ok());
        let outside = scope.admit(Some(At("10003", "11")), gone()).unwrap_err();
        assert_eq!(outside.code(), gone().code());
        assert!(scope.admit(None::<At>, gone()).is_err());
    }
}
