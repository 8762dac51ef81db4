//! The three values Lamplight needs on every request.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// Lamplight API credentials: the system's `lampid`, the `project` number and the secret `key`.
///
/// The key is held as a [`SecretString`]: `Debug` shows it as `[redacted]`, and nothing this
/// crate displays, logs or returns as an error contains it.
///
/// ```
/// use lamplight_client::Credentials;
///
/// let credentials = Credentials::new(1234, 1, "s3cr3t-key");
/// assert_eq!(credentials.lampid(), 1234);
/// assert!(!format!("{credentials:?}").contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    lampid: u64,
    project: u64,
    key: SecretString,
}

impl Credentials {
    /// Credentials for the Lamplight system `lampid`, project `project`, with API key `key`.
    pub fn new(lampid: u64, project: u64, key: impl Into<String>) -> Self {
        Credentials {
            lampid,
            project,
            key: SecretString::from(key.into()),
        }
    }

    /// The Lamplight system's id (`lampid`).
    pub fn lampid(&self) -> u64 {
        self.lampid
    }

    /// The project number (`project`).
    pub fn project(&self) -> u64 {
        self.project
    }

    /// The API key, kept secret; call `expose_secret()` on it only to send it.
    pub fn key(&self) -> &SecretString {
        &self.key
    }

    pub(crate) fn key_text(&self) -> &str {
        self.key.expose_secret()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("lampid", &self.lampid)
            .field("project", &self.project)
            .field("key", &format_args!("{}", lamplight_core::REDACTED))
            .finish()
    }
}
