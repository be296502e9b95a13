//! Pure validators for the data people type in. Each turns raw input into a type that cannot
//! hold a bad value ("parse, don't validate"); code that holds one never validates again. No I/O.

pub mod email;
pub mod html;
pub mod id_number;
pub mod message;
pub mod name;
pub mod password;
pub mod phone;
pub mod reason;
pub mod school_name;
pub mod text;
pub mod vocab;

pub use email::Email;
pub use id_number::{IdNumber, Sex};
pub use message::{FieldError, Lang, Text};
pub use name::PersonName;
pub use password::Password;
pub use phone::Mobile;
