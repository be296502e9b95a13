//! 找回账号: the ways back into an account whose mailbox or phone is lost (issue 17).
//!
//! - Lost mailbox: name + ID number + the verified phone earn an SMS code to that phone; the code
//!   and a new email earn a link to the new email; the link makes the change. The first call
//!   answers the same whether or not the details matched (a decoy attempt stands in for a miss).
//! - Lost phone: password + email (counted like a login) earn a link to the email; the link lets
//!   the student confirm a new phone with an SMS code, under the registration's rules and caps.
//! - Lost both: a support agent records the evidence seen and sets a new email (verified by a link
//!   like the lost-mailbox path) and/or clears the phone.
//!
//! Every change ends all sessions and is audited; the old email hears of a new one.

pub mod emails;
pub mod routes;
pub mod service;
pub mod store;
