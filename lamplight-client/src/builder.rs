//! Configuring a [`Client`].

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::client::{Addresses, Client, Inner};
use crate::error::ConfigurationKind;
use crate::{Credentials, Error, RetryPolicy};

/// Lamplight's own API address.
pub const DEFAULT_BASE_URL: &str = "https://lamplight.online/api/";

/// How long a request may take, from connecting to the last byte of the reply, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest reply the client reads by default: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// Builds a [`Client`]: credentials, base URL, timeout, retry policy, user agent, reply size
/// limit, and optionally your own `reqwest::Client`.
///
/// ```
/// use std::time::Duration;
/// use lamplight_client::{Client, Credentials, RetryPolicy};
///
/// let client = Client::builder()
///     .credentials(Credentials::new(1234, 1, "secret-key"))
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_retries(2))
///     .user_agent("our-referral-form/1.0")
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://lamplight.online/api/");
///
/// // Plain HTTP is refused except on loopback, where a local emulator runs.
/// assert!(Client::builder()
///     .credentials(Credentials::new(1, 1, "k"))
///     .base_url("http://example.org/api/")
///     .build()
///     .is_err());
/// # Ok::<(), lamplight_client::Error>(())
/// ```
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: Option<u64>,
}

impl ClientBuilder {
    /// The credentials to send on every request. Required.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The API's base URL, [`DEFAULT_BASE_URL`] unless set. It must use `https`, except on a
    /// loopback host (`localhost`, `127.0.0.0/8`, `::1`), where an emulator may run on plain
    /// `http`.
    pub fn base_url(mut self, base_url: &str) -> Self {
        self.base_url = Some(base_url.to_owned());
        self
    }

    /// How long one attempt may take, from connecting to the end of the reply
    /// ([`DEFAULT_TIMEOUT`] unless set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// When to retry a failed request ([`RetryPolicy::default`] unless set).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The `User-Agent` header to send (`lamplight-rs/VERSION` unless set).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The `reqwest::Client` to send requests with, e.g. to share its connection pool or set a
    /// proxy. The client's timeout and user agent are still applied to every request.
    ///
    /// Configure it not to follow redirects (`reqwest::redirect::Policy::none()`): a redirect
    /// would carry the credentials in the query string to wherever it points. The client built
    /// by default follows none.
    ///
    /// lamplight builds reqwest with rustls but without a crypto provider, so building your
    /// `reqwest::Client` needs one: enable reqwest's `rustls` feature, install a process-wide
    /// provider (`rustls::crypto::ring::default_provider().install_default()`), or hand it a
    /// configuration with `tls_backend_preconfigured`. The client built by default needs none of
    /// this: it brings its own.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The largest reply to read, in bytes ([`DEFAULT_MAX_RESPONSE_BYTES`] unless set); a larger
    /// one fails with [`Error::TooLarge`] without being read to the end.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::config(
                ConfigurationKind::Credentials,
                "no credentials: call `.credentials(Credentials::new(lampid, project, key))`, \
                 or use `Client::from_env()`",
            )
        })?;
        if credentials.key_text().trim().is_empty() {
            return Err(Error::config(
                ConfigurationKind::Credentials,
                "the API key is empty",
            ));
        }
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| concat!("lamplight-rs/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::config(
                ConfigurationKind::UserAgent,
                "the user agent holds characters not allowed in an HTTP header",
            )
        })?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::config(
                ConfigurationKind::Timeout,
                "the timeout must be longer than zero",
            ));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls_config()?)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .build()
                .map_err(|err| {
                    Error::config(
                        ConfigurationKind::HttpClient,
                        format!("the HTTP client could not be built: {}", err.without_url()),
                    )
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                timeout,
                retry: self.retry.unwrap_or_default(),
                user_agent,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                addresses: Addresses::default(),
            }),
        })
    }
}

/// TLS for the client built by default: rustls with the `ring` provider, checking certificates
/// against the operating system's trust store, as reqwest itself does.
///
/// The provider is given to this configuration alone rather than installed process-wide, so the
/// client works whether or not the program has installed a provider, and never changes the one
/// the program's other rustls users get. `ring` rather than reqwest's default `aws-lc-rs`: its C
/// part is far smaller, so a first build takes about 30 s less CPU time (BENCHMARKS.md, "Cold
/// build").
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let unusable = |err: rustls::Error| {
        Error::config(
            ConfigurationKind::HttpClient,
            format!("TLS could not be set up: {err}"),
        )
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(unusable)?
        .with_platform_verifier()
        .map_err(unusable)?
        .with_no_client_auth();
    // reqwest leaves a preconfigured backend's ALPN alone; the client speaks HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Parses and checks a base URL: https, or http on loopback; no query, fragment or user info.
pub(crate) fn parse_base_url(text: &str) -> Result<Url, Error> {
    // The text is not echoed: a mistyped value might hold anything, even the key.
    let mut url = Url::parse(text.trim()).map_err(|err| {
        Error::config(
            ConfigurationKind::BaseUrl,
            format!("the base URL is not a URL: {err}"),
        )
    })?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            ConfigurationKind::BaseUrl,
            format!(
                "the base URL `{}` must not have a query or fragment; give the API's address, such \
             as {DEFAULT_BASE_URL}",
                without_query(&url)
            ),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            ConfigurationKind::BaseUrl,
            "the base URL must not hold a user name or password",
        ));
    }
    let Some(host) = url.host_str() else {
        return Err(Error::config(
            ConfigurationKind::BaseUrl,
            format!("the base URL `{url}` has no host"),
        ));
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::config(
                ConfigurationKind::BaseUrl,
                format!(
                    "the base URL `{url}` uses plain http, which would send the API key unencrypted; \
                 use https (plain http is allowed only on a loopback host such as 127.0.0.1)"
                ),
            ));
        }
        other => {
            return Err(Error::config(
                ConfigurationKind::BaseUrl,
                format!("the base URL `{url}` uses the `{other}` scheme; use https"),
            ));
        }
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        for good in [
            "https://lamplight.online/api/",
            "https://lamplight.online/api",
            "http://127.0.0.1:8080/api/",
            "http://127.5.6.7/api/",
            "http://localhost:3000/api/",
            "http://LOCALHOST/api/",
            "http://[::1]:8080/api/",
        ] {
            let url = parse_base_url(good).unwrap_or_else(|err| panic!("{good}: {err}"));
            assert!(url.path().ends_with("/api/"), "{good}");
        }
        for bad in [
            "http://lamplight.online/api/",
            "http://10.0.0.1/api/",
            "http://localhost.example.org/api/",
            "ftp://lamplight.online/api/",
            "https://lamplight.online/api/?key=x",
            "https://user:pw@lamplight.online/api/",
            "not a url",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
        let err = parse_base_url("https://lamplight.online/api/?key=canary").unwrap_err();
        assert!(!err.to_string().contains("canary"), "{err}");
    }

    #[test]
    fn tls_is_ring_and_http1() {
        // Tests also enable reqwest's own aws-lc-rs provider, so this fails if the configuration
        // ever falls back to whatever provider reqwest or the process picks.
        let config = tls_config().expect("TLS configuration");
        let ring = rustls::crypto::ring::default_provider();
        assert_eq!(
            format!("{:?}", config.crypto_provider().key_provider),
            format!("{:?}", ring.key_provider)
        );
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
    }

    #[test]
    fn defaults_and_refusals() {
        let client = Client::builder()
            .credentials(Credentials::new(1, 2, "k"))
            .build()
            .expect("defaults build");
        assert_eq!(client.inner.timeout, DEFAULT_TIMEOUT);
        assert_eq!(client.inner.max_response_bytes, DEFAULT_MAX_RESPONSE_BYTES);
        assert_eq!(client.inner.retry, RetryPolicy::default());
        assert_eq!(client.base_url().as_str(), DEFAULT_BASE_URL);
        assert!(
            client
                .inner
                .user_agent
                .to_str()
                .is_ok_and(|ua| ua.starts_with("lamplight-rs/"))
        );
        let refused = [
            Client::builder().build(),
            Client::builder()
                .credentials(Credentials::new(1, 2, " "))
                .build(),
            Client::builder()
                .credentials(Credentials::new(1, 2, "k"))
                .timeout(Duration::ZERO)
                .build(),
            Client::builder()
                .credentials(Credentials::new(1, 2, "k"))
                .user_agent("bad\nagent")
                .build(),
            Client::builder()
                .credentials(Credentials::new(1, 2, "k"))
                .base_url("http://192.168.1.10/api/")
                .build(),
        ];
        for result in refused {
            assert!(
                matches!(result, Err(Error::Configuration { .. })),
                "{result:?}"
            );
        }
    }
}
