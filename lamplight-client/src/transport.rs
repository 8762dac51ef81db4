//! Sending one request: building it, reading the reply within the size limit, and turning a
//! failed connection into an [`Error`] that never holds the key. Whether and when to try again
//! is `retry.rs`'s.

use std::borrow::Cow;
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use lamplight_core::Form;
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{Response, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use crate::retry::{self, Call};
use crate::{Client, Error};

/// Request parameters, in order.
pub(crate) type Params = Vec<(Cow<'static, str>, String)>;

/// One request as it will be sent, kept whole so a retry sends exactly the same thing.
enum Payload {
    /// A read: `GET` with parameters in the query string.
    Read(Params),
    /// A write: `POST` with a urlencoded body, shared rather than copied by each attempt.
    Write(Bytes),
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
        let (method, call) = match payload {
            Payload::Read(_) => ("GET", Call::Read),
            Payload::Write(_) => ("POST", Call::Write),
        };
        let span = tracing::info_span!(
            "lamplight_request",
            endpoint,
            method,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        // With no subscriber the span is disabled: skip the clock and the recording.
        let started = (!span.is_disabled()).then(Instant::now);
        async {
            let (outcome, attempts) =
                retry::run(&self.inner.retry, call, || self.attempt(endpoint, &payload)).await;
            if let Some(started) = started {
                let span = tracing::Span::current();
                span.record("attempts", attempts);
                span.record("duration_ms", started.elapsed().as_millis() as u64);
            }
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
    async fn attempt(&self, endpoint: &str, payload: &Payload) -> Result<Value, Error> {
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
        // Reading the clock costs more than a disabled event: only for a subscriber that wants it.
        let started = tracing::enabled!(tracing::Level::DEBUG).then(Instant::now);
        let response = request
            .header(USER_AGENT, inner.user_agent.clone())
            .timeout(inner.timeout)
            .send()
            .await
            .map_err(|err| self.transport_error(err))?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        // The one header a reply is judged by, taken before the body consumes the response.
        let retry_after = response.headers().get(RETRY_AFTER).cloned();
        let body = self.read_body(response).await?;
        if let Some(started) = started {
            tracing::debug!(
                status,
                bytes = body.len(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "lamplight reply"
            );
        }
        retry::classify(
            status,
            retry_after.as_ref(),
            &body,
            SystemTime::now(),
            inner.credentials.key_text(),
        )
    }

    /// `BASE/{endpoint}/format/json?lampid=..&project=..&key=..`. Never logged or shown.
    ///
    /// Each endpoint's address is built once and then cloned from the cache: parsing and
    /// percent-encoding it on every request cost more than the clone.
    pub(crate) fn url(&self, endpoint: &str) -> Result<Url, Error> {
        let inner = &self.inner;
        if let Some(url) = inner.addresses.get(endpoint) {
            return Ok(url);
        }
        let mut url = inner
            .base_url
            .join(&format!("{endpoint}/format/json"))
            .map_err(|err| Error::configuration(format!("cannot address `{endpoint}`: {err}")))?;
        url.query_pairs_mut()
            .append_pair("lampid", &inner.credentials.lampid().to_string())
            .append_pair("project", &inner.credentials.project().to_string())
            .append_pair("key", inner.credentials.key_text());
        inner.addresses.insert(endpoint, &url);
        Ok(url)
    }

    /// Reads the whole body, refusing one over the limit without reading it all.
    async fn read_body(&self, mut response: Response) -> Result<Bytes, Error> {
        let limit = self.inner.max_response_bytes;
        let too_large = Error::TooLarge { limit };
        let declared = response.content_length();
        if let Some(length) = declared {
            if length > limit {
                return Err(too_large);
            }
            // The connection ends the body at its declared length, so it is within the limit:
            // read it whole, without copying it out of the chunk it usually arrives in.
            return response
                .bytes()
                .await
                .map_err(|err| self.transport_error(err));
        }
        let mut body = Vec::with_capacity(usize::try_from(limit.min(8 * 1024)).unwrap_or(0));
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
        Ok(Bytes::from(body))
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
    use crate::client::Addresses;
    use crate::{Client, Credentials};

    #[test]
    fn cached_addresses_match_built_ones_and_stay_bounded() {
        let client = Client::builder()
            .credentials(Credentials::new(12, 3, "a key&=/"))
            .base_url("http://127.0.0.1:9/api")
            .build()
            .expect("client");
        let expected = "http://127.0.0.1:9/api/referral/add/format/json?lampid=12&project=3&key=a+key%26%3D%2F";
        let built = client.url("referral/add").expect("built");
        let cached = client.url("referral/add").expect("cached");
        assert_eq!(built.as_str(), expected);
        assert_eq!(cached.as_str(), expected);
        assert_eq!(client.inner.addresses.len(), 1);
        for n in 0..2 * Addresses::MAX {
            let url = client.url(&format!("custom/e{n}")).expect("url");
            assert!(
                url.as_str().starts_with(&format!(
                    "http://127.0.0.1:9/api/custom/e{n}/format/json?lampid=12&"
                )),
                "{url}"
            );
        }
        assert_eq!(client.inner.addresses.len(), Addresses::MAX);
        let past_the_cap = client.url("custom/e100").expect("url");
        assert_eq!(
            past_the_cap.as_str(),
            "http://127.0.0.1:9/api/custom/e100/format/json?lampid=12&project=3&key=a+key%26%3D%2F"
        );
    }
}
