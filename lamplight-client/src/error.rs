//! Everything that can go wrong talking to Lamplight.

use std::time::Duration;

use lamplight_core::{EncodeError, ErrorCode, RecordId};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from the Lamplight client.
///
/// No error ever contains the API key: request URLs are stripped from transport errors, and
/// any text taken from a reply has the key blanked out.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Lamplight refused the request with one of its error codes. It sometimes does so with
    /// HTTP 200, so this is checked on every reply.
    #[error("Lamplight error {} ({}): {message} [HTTP {status}]", code.number(), code.meaning())]
    Api {
        /// The error code.
        code: ErrorCode,
        /// The server's message.
        message: String,
        /// The HTTP status it came with.
        status: u16,
    },
    /// Lamplight saved the record but not all of its fields (error 1058: the core fields were
    /// saved, some custom fields were not). The record exists: do not send it again; fix the
    /// fields with an update instead.
    #[error(
        "Lamplight saved record {id} but not all its fields: error {} ({}): {message}",
        code.number(),
        code.meaning()
    )]
    PartlySaved {
        /// The id of the record that was saved.
        id: RecordId,
        /// The error code (1058).
        code: ErrorCode,
        /// The server's message.
        message: String,
    },
    /// The server answered with an HTTP error status and no Lamplight error in the body (a
    /// proxy's error page, an overloaded server, ...).
    #[error("HTTP {status} from Lamplight: {excerpt}")]
    Http {
        /// The HTTP status.
        status: u16,
        /// The start of the body, for diagnosis.
        excerpt: String,
        /// How long the server asked us to wait (`Retry-After`), if it did.
        retry_after: Option<Duration>,
    },
    /// The request could not be sent or the reply could not be read.
    #[error("could not reach Lamplight{}", if *connect { " (no connection was made)" } else { "" })]
    Transport {
        /// Whether the failure happened before a connection was made, so the server never saw
        /// the request.
        connect: bool,
        /// The underlying error, with the request URL removed.
        #[source]
        source: BoxError,
    },
    /// No complete reply arrived in time.
    #[error("Lamplight did not reply within {after:?}")]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The reply was not what Lamplight sends.
    #[error("could not decode Lamplight's reply: {message}; the reply began: {excerpt}")]
    Decode {
        /// What did not fit.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The reply was larger than the client accepts; it was not read to the end.
    #[error("Lamplight's reply is larger than the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A record could not be encoded; nothing was sent.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The client is not configured correctly; nothing was sent.
    #[error("Lamplight client configuration ({kind}): {message}")]
    Configuration {
        /// Which setting is wrong.
        kind: ConfigurationKind,
        /// What is wrong, and how to fix it.
        message: String,
    },
    /// An endpoint given to [`Client::get`](crate::Client::get) or
    /// [`Client::post`](crate::Client::post) is not a Lamplight `what/how` name; nothing was
    /// sent.
    #[error("`{endpoint}` is not a Lamplight endpoint: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The blocking client was called from inside an async runtime, where blocking would stall
    /// the runtime; nothing was sent. Use the async client there.
    #[error(
        "the blocking client was called from inside an async runtime; use the async \
         `lamplight_client::Client` there"
    )]
    BlockingInAsync,
    /// The blocking client's own runtime could not be started, or has shut down.
    #[error("the blocking client's runtime {message}")]
    Runtime {
        /// What happened to it.
        message: String,
    },
}

/// Which part of a client's configuration an [`Error::Configuration`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigurationKind {
    /// An environment variable read by `Client::from_env` is missing or malformed.
    Environment,
    /// No credentials were given, or the key is empty.
    Credentials,
    /// The base URL is not a URL, or not one the client may send the key to.
    BaseUrl,
    /// The timeout is zero.
    Timeout,
    /// The user agent cannot be sent as an HTTP header.
    UserAgent,
    /// The HTTP client could not be built.
    HttpClient,
}

impl std::fmt::Display for ConfigurationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ConfigurationKind::Environment => "environment",
            ConfigurationKind::Credentials => "credentials",
            ConfigurationKind::BaseUrl => "base URL",
            ConfigurationKind::Timeout => "timeout",
            ConfigurationKind::UserAgent => "user agent",
            ConfigurationKind::HttpClient => "HTTP client",
        })
    }
}

impl Error {
    /// A base-URL problem found while addressing an endpoint.
    pub(crate) fn configuration(message: impl Into<String>) -> Self {
        Error::config(ConfigurationKind::BaseUrl, message)
    }

    pub(crate) fn config(kind: ConfigurationKind, message: impl Into<String>) -> Self {
        Error::Configuration {
            kind,
            message: message.into(),
        }
    }

    /// The Lamplight error code, for an API error.
    ///
    /// ```
    /// use lamplight_client::{Error, ErrorCode};
    ///
    /// fn explain(err: &Error) -> &'static str {
    ///     match err.code() {
    ///         Some(ErrorCode::AlreadyAttending) => "already booked",
    ///         Some(_) => "Lamplight said no",
    ///         None => "something else went wrong",
    ///     }
    /// }
    /// ```
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { code, .. } | Error::PartlySaved { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The id of a record Lamplight saved despite the error ([`Error::PartlySaved`]): the record
    /// exists, so sending it again would store it twice.
    pub fn saved_id(&self) -> Option<RecordId> {
        match self {
            Error::PartlySaved { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The HTTP status of the reply, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether a read that failed this way may succeed if tried again: transport errors,
    /// timeouts, and HTTP 429, 502, 503 and 504. The client already retries reads on these
    /// (see [`RetryPolicy`](crate::RetryPolicy)); writes are retried only when
    /// [`is_connect`](Self::is_connect) says the server never saw them.
    pub fn is_retryable(&self) -> bool {
        matches!(
            crate::retry::decide(crate::retry::Call::Read, self),
            crate::retry::Decision::Retry { .. }
        )
    }

    /// Whether the request failed before any connection was made (connection refused, name
    /// not resolved), so the server cannot have acted on it.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { connect: true, .. })
    }

    /// Whether no reply arrived in time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_kinds() {
        let http = |status| Error::Http {
            status,
            excerpt: String::new(),
            retry_after: None,
        };
        for status in [429, 502, 503, 504] {
            assert!(http(status).is_retryable(), "{status}");
        }
        for status in [400, 404, 500] {
            assert!(!http(status).is_retryable(), "{status}");
        }
        let api = Error::Api {
            code: ErrorCode::InvalidReferral,
            message: "bad".into(),
            status: 400,
        };
        assert!(!api.is_retryable());
        assert_eq!(api.code(), Some(ErrorCode::InvalidReferral));
        assert!(
            Error::Timeout {
                after: Duration::from_secs(1)
            }
            .is_retryable()
        );
        assert!(!Error::configuration("x").is_retryable());
        assert!(
            api.to_string()
                .starts_with("Lamplight error 1040 (referral data was not valid): bad")
        );
    }
}
