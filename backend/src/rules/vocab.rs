//! The fixed vocabularies of records (the values import files and the API use).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:tt),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Chinese value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads the Chinese value (trimmed).
            pub fn parse(s: &str) -> Option<Self> {
                match s.trim() { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The allowed values, joined for messages: `在籍|休学|…`.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("|")
            }
        }
    };
}

vocabulary! {
    /// 学籍状态: the status of an enrollment record.
    EnrollmentStatus { Enrolled = "在籍", Suspended = "休学", Withdrawn = "退学", Graduated = "毕业", Completed = "结业", Revoked = "注销" }
}

vocabulary! {
    /// 层次: the level of study.
    Level { JuniorCollege = "专科", Bachelor = "本科", Master = "硕士", Doctor = "博士" }
}

vocabulary! {
    /// 学习形式: the form of study.
    StudyForm { FullTime = "普通全日制", PartTime = "非全日制", Adult = "成人教育", Online = "网络教育", SelfStudy = "自学考试" }
}

vocabulary! {
    /// 性别.
    SexValue { Male = "男", Female = "女" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_unknown_ones_are_refused() {
        for s in EnrollmentStatus::ALL {
            assert_eq!(EnrollmentStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Level::parse(" 本科 "), Some(Level::Bachelor));
        assert_eq!(StudyForm::parse("函授"), None);
        assert_eq!(EnrollmentStatus::choices(), "在籍|休学|退学|毕业|结业|注销");
    }
}
