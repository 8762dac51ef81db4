//! A faithful local emulator of the Lamplight publishing API.
//!
//! Lamplight offers no test server. This crate is one: it speaks the wire contract of the
//! publishing API (reads of work records, workareas and profiles; writes of referrals,
//! profiles, attendances, relationships and group memberships) on loopback, with the live
//! server's quirks, its validation rules and error codes, and it lets a test look at
//! everything it stored, read its request log and inject faults.
//!
//! ```
//! use lamplight_sandbox::{Config, Sandbox};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start(Config::demo()).await?;
//! let credentials = sandbox.credentials();
//! // A request URL is the base URL, then `{what}/{how}/format/json`, with the credentials
//! // in the query string.
//! let url = format!(
//!     "{}workarea/all/format/json?lampid={}&project={}&key={}",
//!     sandbox.base_url(),
//!     credentials.lampid,
//!     credentials.project,
//!     credentials.key,
//! );
//! assert!(url.starts_with("http://127.0.0.1:"));
//! assert!(sandbox.state().referrals.is_empty());
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The crate's README documents the configuration format, the demo's ids, the error codes
//! and when each is produced.
//!
//! # How a request flows
//!
//! `server.rs` accepts the connection (hyper, so that a fault can drop it) and hands each
//! request to `http.rs`, which passes `/api/{what}/{how}/format/json` through its steps, plain
//! calls in order: `log.rs` (the request log), the latency, `faults.rs` (injected faults;
//! processing outlives the connection here), `limits.rs` (rate limit, body size) → the handler
//! in `http.rs` decodes the parameters
//! (`params.rs`), checks the credentials and the record cap → `api/` runs the endpoint,
//! validating values with `validate.rs` and reading or writing the records of `state/`
//! (`AppState`: configuration, store, faults, log), with `geo.rs` measuring `near` searches →
//! `reply.rs` shapes the JSON. The configuration, with its schema of custom fields, is read and
//! checked in `config/`; values, single or PHP-style lists, are `value.rs`'s [`StoredValue`].
//! The binary (`main.rs`) and the `lamplight sandbox` command stop on `signals.rs`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
mod config;
mod faults;
mod geo;
mod http;
mod latency;
mod limits;
mod log;
mod params;
mod reply;
mod server;
mod signals;
mod state;
mod validate;
mod value;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{
    Config, ConfigError, CredentialsConfig, CustomField, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_RECORDS, DEFAULT_REQUEST_LOG_LIMIT, FieldOption, FieldType, FieldsConfig,
    GroupConfig, GroupKind, Place, ProfileConfig, ProfilePublishing, Publishing,
    ReferralPublishing, RelationshipType, Schema, SchemaError, Shape, StoredKind, SubWorkarea,
    VenueConfig, WorkConfig, WorkPublishing, WorkareaConfig,
};
pub use faults::Fault;
pub use log::{LoggedRequest, REDACTED};
pub use reply::status_for;
pub use signals::StopSignals;
pub use state::{
    State, StoredAttendance, StoredMembership, StoredProfile, StoredReferral, StoredRelationship,
};
pub use value::StoredValue;

/// The README's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The path of the endpoint that serves [`Sandbox::state`] as JSON, relative to the server's
/// root (not to [`Sandbox::base_url`]).
pub const STATE_PATH: &str = http::STATE_PATH;

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration is inconsistent.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Drives the sandbox's real router without sockets, for fuzzing and for tests that build
/// requests by hand. Not a stable API.
#[doc(hidden)]
pub mod __private {
    use std::sync::Arc;

    use axum::body::{Body, Bytes};
    use axum::http::{Request, Response};

    use crate::{Config, ConfigError, http, state};

    /// The router a sandbox with this configuration serves: every route and step, with
    /// the state behind them. A [`crate::Fault`] that drops the connection answers 500 here,
    /// as there is no connection to drop. Call it inside a Tokio runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), lamplight_sandbox::ConfigError> {
    /// use axum::http::Request;
    /// use lamplight_sandbox::{Config, __private};
    ///
    /// let router = __private::router(Config::demo())?;
    /// let request = Request::get("/api/workarea/all/format/json").body(Default::default());
    /// let response = __private::respond(&router, request.expect("a request")).await;
    /// assert_eq!(response.map(|r| r.status().as_u16()).ok(), Some(401));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As [`Config::check`].
    pub fn router(config: Config) -> Result<axum::Router, ConfigError> {
        config.check()?;
        Ok(http::router(Arc::new(state::AppState::new(config))))
    }

    /// Sends one request through a router and collects the whole response.
    ///
    /// # Errors
    /// When the response body fails part way, as the truncated-body fault makes it.
    pub async fn respond(
        router: &axum::Router,
        request: Request<Body>,
    ) -> Result<Response<Bytes>, axum::Error> {
        let mut router = router.clone();
        let response = match tower_service::Service::call(&mut router, request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await?;
        Ok(Response::from_parts(parts, body))
    }
}

/// The credentials a running sandbox accepts. The key is a test key, but `Debug` still
/// redacts it.
#[derive(Clone, PartialEq, Eq)]
pub struct SandboxCredentials {
    /// `lampid`.
    pub lampid: u64,
    /// `project`.
    pub project: u64,
    /// `key`.
    pub key: String,
}

impl fmt::Debug for SandboxCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxCredentials")
            .field("lampid", &self.lampid)
            .field("project", &self.project)
            .field("key", &REDACTED)
            .finish()
    }
}

/// A running emulator of the Lamplight server, on loopback.
///
/// Dropping it stops the server (in-flight requests are cut short); [`Sandbox::shutdown`]
/// lets them finish.
///
/// ```
/// use lamplight_sandbox::{Config, Fault, Sandbox};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), lamplight_sandbox::Error> {
/// let sandbox = Sandbox::start(Config::demo()).await?;
/// // The next two requests get HTTP 503 with `Retry-After: 1`, and store nothing.
/// sandbox.inject(Fault::status(503).with_retry_after(1), 2);
/// assert!(sandbox.requests().is_empty());
/// sandbox.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct Sandbox {
    app: Arc<state::AppState>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox on `127.0.0.1` with a port the system picks.
    ///
    /// # Errors
    /// [`Error::Config`] when the configuration is inconsistent, [`Error::Bind`] when no port
    /// can be had.
    pub async fn start(config: Config) -> Result<Sandbox, Error> {
        Sandbox::start_on(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Starts a sandbox on a given address (port 0: the system picks one).
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use lamplight_sandbox::{Config, Sandbox};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), lamplight_sandbox::Error> {
    /// let addr: SocketAddr = "127.0.0.1:0".parse().expect("a valid address");
    /// let sandbox = Sandbox::start_on(Config::demo(), addr).await?;
    /// assert_ne!(sandbox.addr().port(), 0);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As [`Sandbox::start`].
    pub async fn start_on(config: Config, addr: SocketAddr) -> Result<Sandbox, Error> {
        config.check()?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let app = Arc::new(state::AppState::new(config));
        let (shutdown, receiver) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, Arc::clone(&app), receiver));
        tracing::info!(%addr, "lamplight sandbox listening");
        Ok(Sandbox {
            app,
            addr,
            shutdown,
            task: Some(task),
        })
    }

    /// The base URL of the API, with a trailing slash: `http://127.0.0.1:PORT/api/`. A request
    /// URL is this plus `{what}/{how}/format/json`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The credentials requests must carry.
    pub fn credentials(&self) -> SandboxCredentials {
        let credentials = &self.app.config.credentials;
        SandboxCredentials {
            lampid: credentials.lampid,
            project: credentials.project,
            key: credentials.key.clone(),
        }
    }

    /// The configuration the sandbox runs.
    pub fn config(&self) -> &Config {
        &self.app.config
    }

    /// A snapshot of everything stored.
    pub fn state(&self) -> State {
        self.app.store().snapshot()
    }

    /// The request log, oldest first (up to the configured limit), with the key redacted.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.app.log.read()
    }

    /// Gives the next `times` API requests this fault. Scheduled faults queue up in the order
    /// injected, and come before random ones.
    pub fn inject(&self, fault: Fault, times: usize) {
        state::lock(&self.app.faults).schedule(fault, times);
    }

    /// Gives each API request this fault with probability `rate` (clamped to 0..=1), drawn
    /// from a generator seeded with `seed`, so a run can be repeated exactly.
    pub fn inject_random(&self, fault: Fault, rate: f64, seed: u64) {
        state::lock(&self.app.faults).add_random(fault, rate, seed);
    }

    /// Removes every scheduled and random fault.
    pub fn clear_faults(&self) {
        state::lock(&self.app.faults).clear();
    }

    /// Stops accepting connections and waits (up to five seconds) for in-flight requests.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
        {
            tracing::warn!(%error, "the sandbox server task failed");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
