//! Raw-HTTP helpers: requests are built by hand from API.md, never with the project's client.

use lamplight_sandbox::{Config, Sandbox, Shape, StoredValue};
use reqwest::RequestBuilder;
use serde_json::Value;

/// A running sandbox and an HTTP client.
pub struct Api {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn demo() -> Api {
        Api::with(Config::demo()).await
    }

    pub async fn clean() -> Api {
        let mut config = Config::demo();
        config.shape = Shape::Clean;
        Api::with(config).await
    }

    pub async fn with(config: Config) -> Api {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        Api {
            sandbox,
            http: reqwest::Client::new(),
        }
    }

    /// `base_url + endpoint + /format/json`.
    pub fn url(&self, endpoint: &str) -> String {
        format!("{}{endpoint}/format/json", self.sandbox.base_url())
    }

    pub fn credentials(&self) -> Vec<(&'static str, String)> {
        let c = self.sandbox.credentials();
        vec![
            ("lampid", c.lampid.to_string()),
            ("project", c.project.to_string()),
            ("key", c.key),
        ]
    }

    /// The credentials as a query string.
    pub fn credential_query(&self) -> String {
        let c = self.sandbox.credentials();
        format!("lampid={}&project={}&key={}", c.lampid, c.project, c.key)
    }

    pub async fn send(&self, request: RequestBuilder) -> (u16, Value) {
        let response = request.send().await.expect("a response");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {text}"));
        (status, body)
    }

    pub async fn get(&self, endpoint: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .get(self.url(endpoint))
            .query(&self.credentials())
            .query(params);
        self.send(request).await
    }

    pub async fn post(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .post(self.url(endpoint))
            .query(&self.credentials())
            .form(form);
        self.send(request).await
    }

    /// Posts a hand-written urlencoded body.
    pub async fn post_raw(&self, endpoint: &str, body: &str) -> (u16, Value) {
        let request = self
            .http
            .post(self.url(endpoint))
            .query(&self.credentials())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        self.send(request).await
    }

    /// GETs a URL with a hand-written query after the credentials.
    pub async fn get_raw(&self, endpoint_and_path: &str, query: &str) -> (u16, Value) {
        let url = format!(
            "{}{endpoint_and_path}?{}&{query}",
            self.sandbox.base_url(),
            self.credential_query()
        );
        self.send(self.http.get(url)).await
    }
}

/// The Lamplight error code of a reply.
pub fn code(body: &Value) -> Option<i64> {
    body.get("error").and_then(Value::as_i64)
}

/// Asserts an error reply: its code, HTTP status and a message.
#[track_caller]
pub fn assert_error(reply: &(u16, Value), expected_code: i64, expected_status: u16) {
    let (status, body) = reply;
    assert_eq!(code(body), Some(expected_code), "{body}");
    assert_eq!(*status, expected_status, "{body}");
    assert!(
        body["msg"].as_str().is_some_and(|msg| !msg.is_empty()),
        "no msg: {body}"
    );
}

/// The id of a created record, from a quirky (`"123"`) or clean (`123`) reply.
pub fn created_id(body: &Value) -> u64 {
    let id = &body["data"]["id"];
    id.as_u64()
        .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("no id in {body}"))
}

/// A multi-valued field value.
pub fn many(values: &[&str]) -> StoredValue {
    StoredValue::Many(values.iter().map(|v| (*v).to_owned()).collect())
}
