//! Sending one logical request: building it, retrying it when that is safe, reading the reply
//! within the size limit, and turning failures into [`Error`]s that never hold the key.

use std::borrow::Cow;
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use lamplight_core::response::{Created, ServerError};
use lamplight_core::{ErrorCode, Form};
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{Response, Url};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use crate::error::retryable_status;
use crate::retry::parse_retry_after;
use crate::{Client, Error};

/// Request parameters, in order.
pub(crate) type Params = Vec<(Cow<'static, str>, String)>;

/// How much of a reply an error quotes.
const EXCERPT_CHARS: usize = 200;

/// One request as it will be sent, kept whole so a retry sends exactly the same thing.
enum Payload {
    /// A read: `GET` with parameters in the query string.
    Read(Params),
    /// A write: `POST` with a urlencoded body, shared rather than copied by each attempt.
    Write(Bytes),
}

/// A failed attempt, and how long the server asked us to wait before the next.
struct Failure {
    error: Error,
    retry_after: Option<std::time::Duration>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            retry_after: None,
        }
    }
}

impl Client {
    /// `GET {endpoint}/format/json` with `params`, retried as reads are.
    pub(crate) async fn read(&self, endpoint: &str, params: Params) -> Result<Value, Error> {
        self.call(endpoint, Payload::Read(params)).await
    }

    /// `POST {endpoint}/format/json` with `form` as the body, retried only if it never left.
    pub(crate) async fn write(&self, endpoint: &str, form: &Form) -> Result<Value, Error> {
        self.call(endpoint, Payload::Write(Bytes::from(form.to_body())))
            .await
    }

    async fn call(&self, endpoint: &str, payload: Payload) -> Result<Value, Error> {
        let method = match payload {
            Payload::Read(_) => "GET",
            Payload::Write(_) => "POST",
        };
        let span = tracing::info_span!(
            "lamplight_request",
            endpoint,
            method,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        async {
            let started = Instant::now();
            let policy = &self.inner.retry;
            let mut delays = policy.delays();
            let mut attempt = 1u32;
            let outcome = loop {
                let failure = match self.attempt(endpoint, &payload).await {
                    Ok(value) => break Ok(value),
                    Err(failure) => failure,
                };
                let may_retry = match payload {
                    Payload::Read(_) => failure.error.is_retryable(),
                    // A write may already be stored unless it never reached the server.
                    Payload::Write(_) => failure.error.is_connect(),
                };
                let wait = if may_retry {
                    delays
                        .next()
                        .and_then(|delay| policy.wait(delay, failure.retry_after))
                } else {
                    None
                };
                let Some(wait) = wait else {
                    break Err(failure.error);
                };
                tracing::warn!(
                    attempt,
                    wait_ms = wait.as_millis() as u64,
                    error = %failure.error,
                    "lamplight request failed; retrying"
                );
                tokio::time::sleep(wait).await;
                attempt += 1;
            };
            let span = tracing::Span::current();
            span.record("attempts", attempt);
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            match &outcome {
                Ok(_) => tracing::debug!("lamplight request succeeded"),
                Err(error) => tracing::debug!(%error, "lamplight request failed"),
            }
            outcome
        }
        .instrument(span)
        .await
    }

    /// One attempt: send, read the reply within the limit, and classify it.
    async fn attempt(&self, endpoint: &str, payload: &Payload) -> Result<Value, Failure> {
        let inner = &self.inner;
        let url = self.url(endpoint)?;
        let request = match payload {
            Payload::Read(params) => inner.http.get(url).query(params),
            Payload::Write(body) => inner
                .http
                .post(url)
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(body.clone()),
        };
        let started = Instant::now();
        let response = request
            .header(USER_AGENT, inner.user_agent.clone())
            .timeout(inner.timeout)
            .send()
            .await
            .map_err(|err| self.transport_error(err))?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let body = self.read_body(response).await?;
        tracing::debug!(
            status,
            bytes = body.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "lamplight reply"
        );
        let parsed = serde_json::from_slice::<Value>(&body);
        if let Some(server) = parsed.as_ref().ok().and_then(ServerError::from_value) {
            // `{"error": 503}` with HTTP 503 names the status, not a Lamplight code: it
            // comes from the machinery in front of Lamplight.
            if server.code == ErrorCode::Unknown(i64::from(status)) {
                return Err(Failure {
                    error: Error::Http {
                        status,
                        excerpt: self.excerpt(&body),
                        retry_after,
                    },
                    retry_after,
                });
            }
            let message = self.redact(&server.message);
            // 1058 means the record was saved without some custom fields: keep its id, so the
            // caller knows it exists and does not send it again.
            let saved = (server.code == ErrorCode::CustomFieldsNotSaved)
                .then(|| parsed.as_ref().ok())
                .flatten()
                .and_then(|value| Created::deserialize(value).ok());
            let error = match saved {
                Some(Created { id }) => Error::PartlySaved {
                    id,
                    code: server.code,
                    message,
                },
                None => Error::Api {
                    code: server.code,
                    message,
                    status,
                },
            };
            return Err(Failure { error, retry_after });
        }
        if !(200..300).contains(&status) {
            return Err(Failure {
                error: Error::Http {
                    status,
                    excerpt: self.excerpt(&body),
                    retry_after,
                },
                retry_after: retry_after.filter(|_| retryable_status(status)),
            });
        }
        parsed.map_err(|err| {
            Failure::from(Error::Decode {
                message: format!("the reply is not JSON ({err})"),
                excerpt: self.excerpt(&body),
            })
        })
    }

    /// `BASE/{endpoint}/format/json?lampid=..&project=..&key=..`. Never logged or shown.
    fn url(&self, endpoint: &str) -> Result<Url, Error> {
        let inner = &self.inner;
        let mut url = inner
            .base_url
            .join(&format!("{endpoint}/format/json"))
            .map_err(|err| Error::configuration(format!("cannot address `{endpoint}`: {err}")))?;
        url.query_pairs_mut()
            .append_pair("lampid", &inner.credentials.lampid().to_string())
            .append_pair("project", &inner.credentials.project().to_string())
            .append_pair("key", inner.credentials.key_text());
        Ok(url)
    }

    /// Reads the whole body, refusing one over the limit without reading it all.
    async fn read_body(&self, mut response: Response) -> Result<Vec<u8>, Error> {
        let limit = self.inner.max_response_bytes;
        let too_large = Error::TooLarge { limit };
        let declared = response.content_length();
        if declared.is_some_and(|length| length > limit) {
            return Err(too_large);
        }
        let capacity = declared.unwrap_or(8 * 1024).min(limit).min(1 << 20);
        let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.transport_error(err))?
        {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// A transport error without the request URL, which holds the key.
    pub(crate) fn transport_error(&self, err: reqwest::Error) -> Error {
        let err = err.without_url();
        if err.is_timeout() {
            return Error::Timeout {
                after: self.inner.timeout,
            };
        }
        Error::Transport {
            connect: err.is_connect(),
            source: Box::new(err),
        }
    }

    /// The start of a body, as text, with the key blanked out.
    fn excerpt(&self, body: &[u8]) -> String {
        self.excerpt_text(&String::from_utf8_lossy(body))
    }

    /// The start of `text`, on one line, with the key blanked out. The key is blanked before
    /// the text is cut, so that a key straddling the cut cannot leave its first half behind.
    pub(crate) fn excerpt_text(&self, text: &str) -> String {
        let redacted = self.redact(text);
        let line = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut excerpt: String = line.chars().take(EXCERPT_CHARS).collect();
        if excerpt.len() < line.len() {
            excerpt.push('…');
        }
        if excerpt.is_empty() {
            excerpt.push_str("(empty)");
        }
        excerpt
    }

    /// `text` with the API key, plain or percent-encoded, blanked out.
    pub(crate) fn redact(&self, text: &str) -> String {
        let key = self.inner.credentials.key_text();
        if key.is_empty() {
            return text.to_owned();
        }
        let mut text = text.replace(key, "[redacted]");
        let encoded = lamplight_core::urlencode(key);
        if encoded != key {
            text = text.replace(&encoded, "[redacted]");
        }
        text
    }
}

/// Decodes a reply's JSON as `T`, quoting the start of it when it does not fit.
pub(crate) fn decode<T: DeserializeOwned>(client: &Client, value: &Value) -> Result<T, Error> {
    T::deserialize(value).map_err(|err| Error::Decode {
        message: client.redact(&err.to_string()),
        excerpt: client.excerpt_text(&value.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use crate::{Client, Credentials};

    fn client(key: &str) -> Client {
        Client::builder()
            .credentials(Credentials::new(1, 1, key))
            .build()
            .expect("client")
    }

    #[test]
    fn a_key_across_the_cut_is_blanked_whole() {
        let key = "straddling-KEY-0123456789";
        let with_key = client(key);
        // The key starts ten characters before the cut.
        let body = format!(
            "{}{key} and more after it",
            "x".repeat(super::EXCERPT_CHARS - 10)
        );
        let excerpt = with_key.excerpt_text(&body);
        assert!(!excerpt.contains("straddling"), "{excerpt}");
        assert!(excerpt.ends_with('…'), "{excerpt}");
        // As it appears in a query string, too.
        assert_eq!(
            client("a b&c").redact("?key=a+b%26c&x=1"),
            "?key=[redacted]&x=1"
        );
    }

    #[test]
    fn excerpts_are_short_and_on_one_line() {
        let client = client("k3y-value");
        assert_eq!(
            client.excerpt_text("<html>\n  <b>Bad</b>\n</html>"),
            "<html> <b>Bad</b> </html>"
        );
        assert_eq!(client.excerpt_text(""), "(empty)");
        let long = client.excerpt_text(&"é".repeat(1000));
        assert_eq!(long.chars().count(), super::EXCERPT_CHARS + 1);
    }
}
