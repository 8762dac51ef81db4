//! The sandbox over raw HTTP, written from API.md: every endpoint, rule, error code and fault.

mod binary;
mod common;
mod config;
mod errors;
mod faults;
mod fuzz;
mod hostile;
mod limits;
mod links;
mod live;
mod profiles;
mod property;
mod reads;
mod referrals;
mod router;
mod rules;
mod shapes;
