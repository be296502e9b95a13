//! Pure validators for the data people type in. Each turns raw input into a type that cannot
//! hold a bad value ("parse, don't validate"); code that holds one never validates again. No I/O.

pub mod email;
pub mod password;

pub use email::Email;
pub use password::Password;
