//! The client itself: configuration shared by every request.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::error::ConfigurationKind;
use crate::{ClientBuilder, Credentials, Error, RetryPolicy};

/// An async client for the Lamplight publishing API.
///
/// Cheap to clone: clones share one connection pool and configuration. Build one with
/// [`Client::builder`] or [`Client::from_env`].
///
/// ```no_run
/// use lamplight_client::{Client, ProfileRef, Role};
///
/// # async fn run() -> Result<(), lamplight_client::Error> {
/// let client = Client::from_env()?;
/// for area in client.workareas().await? {
///     println!("{} {}", area.id, area.text);
/// }
/// let page = client.people(Role::User).search("Patel").num(10).send().await?;
/// println!("{} of {:?} people", page.records.len(), page.total);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: HeaderValue,
    pub(crate) max_response_bytes: u64,
    /// Each endpoint's full address, credentials included, built at its first request.
    pub(crate) addresses: Addresses,
}

/// The addresses of the endpoints this client has called, so that a request clones its URL
/// rather than joining, parsing and percent-encoding it again.
///
/// The typed methods call a few dozen endpoints at most; past [`Addresses::MAX`] (a program
/// sending to endpoints named at run time), new ones are built on every request instead of
/// growing the cache without bound. The URLs hold the key, so the cache is never shown.
#[derive(Default)]
pub(crate) struct Addresses {
    known: RwLock<HashMap<Box<str>, Url>>,
}

impl Addresses {
    /// How many endpoints' addresses are kept.
    pub(crate) const MAX: usize = 64;

    /// The address of `endpoint`, if it was built before.
    pub(crate) fn get(&self, endpoint: &str) -> Option<Url> {
        // A poisoned lock only means another thread panicked while inserting: build afresh.
        self.known.read().ok()?.get(endpoint).cloned()
    }

    /// Keeps the address of `endpoint`, unless the cache is full.
    pub(crate) fn insert(&self, endpoint: &str, url: &Url) {
        if let Ok(mut known) = self.known.write()
            && known.len() < Self::MAX
        {
            known.insert(endpoint.into(), url.clone());
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.known.read().map_or(0, |known| known.len())
    }
}

/// The environment variables [`Client::from_env`] reads.
pub const ENV_LAMPID: &str = "LAMPLIGHT_LAMPID";
/// See [`ENV_LAMPID`].
pub const ENV_PROJECT: &str = "LAMPLIGHT_PROJECT";
/// See [`ENV_LAMPID`].
pub const ENV_KEY: &str = "LAMPLIGHT_KEY";
/// See [`ENV_LAMPID`].
pub const ENV_BASE_URL: &str = "LAMPLIGHT_BASE_URL";

impl Client {
    /// A builder to configure a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and
    /// `LAMPLIGHT_KEY` (required), and `LAMPLIGHT_BASE_URL` (optional). Other settings take
    /// their defaults.
    ///
    /// A missing or malformed variable is a [`Error::Configuration`] naming it; the key's value
    /// is never shown.
    ///
    /// ```no_run
    /// let client = lamplight_client::Client::from_env()?;
    /// # Ok::<(), lamplight_client::Error>(())
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        Client::builder_from(|name| std::env::var(name))?.build()
    }

    /// A builder holding what the environment says, for callers that want to change the rest.
    pub(crate) fn builder_from(
        lookup: impl Fn(&str) -> Result<String, std::env::VarError>,
    ) -> Result<ClientBuilder, Error> {
        let read = |name: &str, required: bool| -> Result<Option<String>, Error> {
            match lookup(name) {
                Ok(value) if value.trim().is_empty() && required => Err(Error::config(
                    ConfigurationKind::Environment,
                    format!("the environment variable {name} is empty"),
                )),
                Ok(value) if value.trim().is_empty() => Ok(None),
                Ok(value) => Ok(Some(value)),
                Err(std::env::VarError::NotPresent) if required => Err(Error::config(
                    ConfigurationKind::Environment,
                    format!("the environment variable {name} is not set"),
                )),
                Err(std::env::VarError::NotPresent) => Ok(None),
                Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(
                    ConfigurationKind::Environment,
                    format!("the environment variable {name} is not valid Unicode"),
                )),
            }
        };
        let number = |name: &str| -> Result<u64, Error> {
            let text = read(name, true)?.unwrap_or_default();
            text.trim().parse().map_err(|_| {
                Error::config(
                    ConfigurationKind::Environment,
                    format!(
                        "the environment variable {name} must be a whole number, not `{}`",
                        text.trim()
                    ),
                )
            })
        };
        let lampid = number(ENV_LAMPID)?;
        let project = number(ENV_PROJECT)?;
        let key = read(ENV_KEY, true)?.unwrap_or_default();
        let mut builder = Client::builder().credentials(Credentials::new(lampid, project, key));
        if let Some(base_url) = read(ENV_BASE_URL, false)? {
            builder = builder.base_url(base_url.trim());
        }
        Ok(builder)
    }

    /// The API's base URL, e.g. `https://lamplight.online/api/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }
}

/// Checks that `endpoint` is a Lamplight `what/how` name, such as `work/some`.
pub(crate) fn check_endpoint(endpoint: &str) -> Result<&str, Error> {
    let invalid = |reason: &str| Error::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.to_owned(),
    };
    let trimmed = endpoint.trim().trim_matches('/');
    let segments: Vec<&str> = trimmed.split('/').collect();
    let word = |segment: &&str| {
        !segment.is_empty()
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    if segments.len() != 2 || !segments.iter().all(word) {
        return Err(invalid(
            "give it as `what/how`, two words such as `work/some` or `people/add`; the client \
             adds the base URL, `format/json` and the credentials",
        ));
    }
    if segments[0].eq_ignore_ascii_case("work") && segments[1].eq_ignore_ascii_case("all") {
        return Err(invalid(
            "Lamplight refuses `work/all` (error 1005); page through `work/some` instead",
        ));
    }
    Ok(trimmed)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::env::VarError;

    fn from(vars: &[(&str, &str)]) -> Result<Client, Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Client::builder_from(|name| vars.get(name).cloned().ok_or(VarError::NotPresent))?.build()
    }

    #[test]
    fn environment_errors_name_the_variable() {
        let key = "env-canary-KEY-5150";
        let cases: [(&[(&str, &str)], &str); 5] = [
            (
                &[("LAMPLIGHT_PROJECT", "1"), ("LAMPLIGHT_KEY", key)],
                "LAMPLIGHT_LAMPID",
            ),
            (
                &[
                    ("LAMPLIGHT_LAMPID", "x1"),
                    ("LAMPLIGHT_PROJECT", "1"),
                    ("LAMPLIGHT_KEY", key),
                ],
                "LAMPLIGHT_LAMPID",
            ),
            (
                &[("LAMPLIGHT_LAMPID", "1"), ("LAMPLIGHT_KEY", key)],
                "LAMPLIGHT_PROJECT",
            ),
            (
                &[("LAMPLIGHT_LAMPID", "1"), ("LAMPLIGHT_PROJECT", "1")],
                "LAMPLIGHT_KEY",
            ),
            (
                &[
                    ("LAMPLIGHT_LAMPID", "1"),
                    ("LAMPLIGHT_PROJECT", "1"),
                    ("LAMPLIGHT_KEY", "  "),
                ],
                "LAMPLIGHT_KEY",
            ),
        ];
        for (vars, variable) in cases {
            let err = from(vars).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(variable), "{shown}");
            assert!(!shown.contains(key), "{shown}");
        }
        let err = from(&[
            ("LAMPLIGHT_LAMPID", "1"),
            ("LAMPLIGHT_PROJECT", "2"),
            ("LAMPLIGHT_KEY", key),
            ("LAMPLIGHT_BASE_URL", "http://lamplight.example.org/api/"),
        ])
        .unwrap_err();
        assert!(matches!(
            err,
            Error::Configuration {
                kind: ConfigurationKind::BaseUrl,
                ..
            }
        ));
    }

    #[test]
    fn environment_builds_a_client() {
        let client = from(&[
            ("LAMPLIGHT_LAMPID", " 12 "),
            ("LAMPLIGHT_PROJECT", "3"),
            ("LAMPLIGHT_KEY", "env-canary-KEY-5150"),
            ("LAMPLIGHT_BASE_URL", "http://127.0.0.1:9/api"),
        ])
        .unwrap();
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:9/api/");
        assert_eq!(client.inner.credentials.lampid(), 12);
        let shown = format!("{client:?}");
        assert!(!shown.contains("env-canary"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
        let default = from(&[
            ("LAMPLIGHT_LAMPID", "1"),
            ("LAMPLIGHT_PROJECT", "1"),
            ("LAMPLIGHT_KEY", "k"),
        ])
        .unwrap();
        assert_eq!(default.base_url().as_str(), crate::DEFAULT_BASE_URL);
    }
}
