//! The built-in demo charity, which is also the commented example configuration.

use super::Config;

/// The demo's TOML: `sandbox.example.toml` at the crate's root, so the documented example and
/// the demo cannot drift apart.
pub(super) const DEMO_TOML: &str = include_str!("../../sandbox.example.toml");

/// Parses the demo. The text is part of the crate and a unit test parses it, so a failure here
/// is a bug in the crate, not something a user can cause.
pub(super) fn demo() -> Config {
    match Config::from_toml_str(DEMO_TOML) {
        Ok(config) => config,
        Err(error) => panic!("the built-in demo config is invalid: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_parses_and_checks() {
        let config = Config::from_toml_str(DEMO_TOML).expect("demo parses");
        assert_eq!(config.profiles.len(), 16);
        assert!(config.work.iter().any(|work| work.api_attendance));
    }
}
