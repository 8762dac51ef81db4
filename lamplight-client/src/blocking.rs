//! A blocking client, for programs without an async runtime: the async [`Client`] driven by a
//! current-thread tokio runtime of its own.
//!
//! It mirrors the async client method for method. Do not use it from inside an async runtime:
//! there, every call fails with a configuration error instead of blocking the runtime.
//!
//! ```no_run
//! use lamplight_client::blocking::Client;
//! use lamplight_client::Role;
//!
//! let client = Client::from_env()?;
//! for area in client.workareas()? {
//!     println!("{} {}", area.id, area.text);
//! }
//! for person in client.people(Role::User).full().num(100).stream() {
//!     let person = person?;
//!     println!("{}", person.display_name());
//! }
//! # Ok::<(), lamplight_client::Error>(())
//! ```

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use lamplight_core::response::{
    Acknowledged, AttendOutcome, Created, Page, Profile, Updated, Work, Workarea,
};
use lamplight_core::{
    Attendance, Create, Form, GroupMembership, ProfileId, ProfileKind, Relationship, Role, Update,
    WorkId, WorkareaId,
};
use reqwest::Url;
use serde::de::DeserializeOwned;
use time::Date;
use tokio::runtime::Runtime;

use crate::reads::{ProfileShape, RecordStream, Short};
use crate::{Credentials, Error, RetryPolicy};

/// The `search`, `order`, `num` and `start` setters of a blocking query, passed through to the
/// async query `$query` it wraps.
macro_rules! listing_setters {
    ($query:literal) => {
        #[doc = concat!("See [`crate::", $query, "::search`].")]
        pub fn search(self, text: impl Into<String>) -> Self {
            self.map(|q| q.search(text))
        }

        #[doc = concat!("See [`crate::", $query, "::order`].")]
        pub fn order(self, order: impl Into<String>) -> Self {
            self.map(|q| q.order(order))
        }

        #[doc = concat!("See [`crate::", $query, "::num`].")]
        pub fn num(self, num: u64) -> Self {
            self.map(|q| q.num(num))
        }

        #[doc = concat!("See [`crate::", $query, "::start`].")]
        pub fn start(self, start: u64) -> Self {
            self.map(|q| q.start(start))
        }

        #[doc = concat!("See [`crate::", $query, "::param`].")]
        pub fn param(self, name: &str, value: impl Into<String>) -> Self {
            self.map(|q| q.param(name, value))
        }
    };
}

/// A blocking Lamplight client. Cheap to clone: clones share one runtime and connection pool.
///
/// ```no_run
/// use lamplight_client::blocking::Client;
/// use lamplight_client::{Attendance, Credentials, ProfileRef, Role};
///
/// let client = Client::builder()
///     .credentials(Credentials::new(1234, 1, "secret-key"))
///     .build()?;
/// let sessions = client.work().workarea(3).num(10).send()?;
/// let ids = sessions.records.iter().map(|work| work.id);
/// let outcome = client.attend(&Attendance::new(ids, ProfileRef::id(653)))?;
/// println!("attending {:?}", outcome.attended().collect::<Vec<_>>());
/// let everyone = client.people(Role::User).all()?;
/// # let _ = everyone;
/// # Ok::<(), lamplight_client::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<OwnRuntime>,
}

/// The client's own runtime. Dropping a tokio runtime inside another one panics, so when the
/// last clone goes away inside an async context, the runtime is shut down in the background.
#[derive(Debug)]
struct OwnRuntime(Option<Runtime>);

impl OwnRuntime {
    fn get(&self) -> Option<&Runtime> {
        self.0.as_ref()
    }
}

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            runtime.shutdown_background();
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.inner)
            .finish()
    }
}

/// Builds a blocking [`Client`]; the same settings as [`crate::ClientBuilder`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    inner: crate::ClientBuilder,
}

impl ClientBuilder {
    /// See [`crate::ClientBuilder::credentials`].
    pub fn credentials(self, credentials: Credentials) -> Self {
        ClientBuilder {
            inner: self.inner.credentials(credentials),
        }
    }

    /// See [`crate::ClientBuilder::base_url`].
    pub fn base_url(self, base_url: &str) -> Self {
        ClientBuilder {
            inner: self.inner.base_url(base_url),
        }
    }

    /// See [`crate::ClientBuilder::timeout`].
    pub fn timeout(self, timeout: Duration) -> Self {
        ClientBuilder {
            inner: self.inner.timeout(timeout),
        }
    }

    /// See [`crate::ClientBuilder::retry`].
    pub fn retry(self, retry: RetryPolicy) -> Self {
        ClientBuilder {
            inner: self.inner.retry(retry),
        }
    }

    /// See [`crate::ClientBuilder::user_agent`].
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        ClientBuilder {
            inner: self.inner.user_agent(user_agent),
        }
    }

    /// See [`crate::ClientBuilder::http_client`].
    pub fn http_client(self, http: reqwest::Client) -> Self {
        ClientBuilder {
            inner: self.inner.http_client(http),
        }
    }

    /// See [`crate::ClientBuilder::max_response_bytes`].
    pub fn max_response_bytes(self, limit: u64) -> Self {
        ClientBuilder {
            inner: self.inner.max_response_bytes(limit),
        }
    }

    /// Checks the configuration and builds the client and its runtime.
    pub fn build(self) -> Result<Client, Error> {
        let inner = self.inner.build()?;
        Client::wrap(inner)
    }
}

impl Client {
    /// A builder to configure a blocking client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A blocking client configured from the environment; see [`crate::Client::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        Client::wrap(crate::Client::from_env()?)
    }

    fn wrap(inner: crate::Client) -> Result<Client, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| Error::Runtime {
                message: format!("could not start: {err}"),
            })?;
        Ok(Client {
            inner,
            runtime: Arc::new(OwnRuntime(Some(runtime))),
        })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// The API's base URL.
    pub fn base_url(&self) -> &Url {
        self.inner.base_url()
    }

    fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        block_on(&self.runtime, future)
    }

    /// See [`crate::Client::create`].
    pub fn create<R: Create>(&self, record: &R) -> Result<Created, Error> {
        self.block_on(self.inner.create(record))?
    }

    /// See [`crate::Client::update`].
    pub fn update<R: Update>(
        &self,
        id: impl Into<ProfileId>,
        record: &R,
    ) -> Result<Updated, Error> {
        self.block_on(self.inner.update(id, record))?
    }

    /// See [`crate::Client::attend`].
    pub fn attend(&self, attendance: &Attendance) -> Result<AttendOutcome, Error> {
        self.block_on(self.inner.attend(attendance))?
    }

    /// See [`crate::Client::relate`].
    pub fn relate(&self, relationship: &Relationship) -> Result<Acknowledged, Error> {
        self.block_on(self.inner.relate(relationship))?
    }

    /// See [`crate::Client::add_to_group`].
    pub fn add_to_group(&self, membership: &GroupMembership) -> Result<Acknowledged, Error> {
        self.block_on(self.inner.add_to_group(membership))?
    }

    /// See [`crate::Client::workareas`].
    pub fn workareas(&self) -> Result<Vec<Workarea>, Error> {
        self.block_on(self.inner.workareas())?
    }

    /// See [`crate::Client::work`].
    pub fn work(&self) -> WorkQuery {
        WorkQuery {
            query: self.inner.work(),
            runtime: self.runtime.clone(),
        }
    }

    /// See [`crate::Client::work_record`].
    pub fn work_record(&self, id: impl Into<WorkId>) -> Result<Work, Error> {
        self.block_on(self.inner.work_record(id))?
    }

    /// See [`crate::Client::work_record_as`].
    pub fn work_record_as<T: DeserializeOwned>(&self, id: impl Into<WorkId>) -> Result<T, Error> {
        self.block_on(self.inner.work_record_as(id))?
    }

    /// See [`crate::Client::people`].
    pub fn people(&self, role: Role) -> ProfileQuery<Short> {
        self.profiles(self.inner.people(role))
    }

    /// See [`crate::Client::orgs`].
    pub fn orgs(&self, role: Role) -> ProfileQuery<Short> {
        self.profiles(self.inner.orgs(role))
    }

    /// See [`crate::Client::families`].
    pub fn families(&self, role: Role) -> ProfileQuery<Short> {
        self.profiles(self.inner.families(role))
    }

    fn profiles(&self, query: crate::ProfileQuery<Short>) -> ProfileQuery<Short> {
        ProfileQuery {
            query,
            runtime: self.runtime.clone(),
        }
    }

    /// See [`crate::Client::person`].
    pub fn person(&self, role: Role, id: impl Into<ProfileId>) -> Result<Profile, Error> {
        self.block_on(self.inner.person(role, id))?
    }

    /// See [`crate::Client::org`].
    pub fn org(&self, role: Role, id: impl Into<ProfileId>) -> Result<Profile, Error> {
        self.block_on(self.inner.org(role, id))?
    }

    /// See [`crate::Client::family`].
    pub fn family(&self, role: Role, id: impl Into<ProfileId>) -> Result<Profile, Error> {
        self.block_on(self.inner.family(role, id))?
    }

    /// See [`crate::Client::profile_as`].
    pub fn profile_as<T: DeserializeOwned>(
        &self,
        kind: ProfileKind,
        role: Role,
        id: impl Into<ProfileId>,
    ) -> Result<T, Error> {
        self.block_on(self.inner.profile_as(kind, role, id))?
    }

    /// See [`crate::Client::get`].
    pub fn get<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<T, Error> {
        self.block_on(self.inner.get(endpoint, params))?
    }

    /// See [`crate::Client::post`].
    pub fn post<T: DeserializeOwned>(&self, endpoint: &str, form: &Form) -> Result<T, Error> {
        self.block_on(self.inner.post(endpoint, form))?
    }
}

fn block_on<F: Future>(runtime: &OwnRuntime, future: F) -> Result<F::Output, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::BlockingInAsync);
    }
    let runtime = runtime.get().ok_or_else(|| Error::Runtime {
        message: "has shut down".to_owned(),
    })?;
    Ok(runtime.block_on(future))
}

/// A blocking [`crate::WorkQuery`].
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until sent"]
pub struct WorkQuery {
    query: crate::WorkQuery,
    runtime: Arc<OwnRuntime>,
}

impl WorkQuery {
    fn map(self, f: impl FnOnce(crate::WorkQuery) -> crate::WorkQuery) -> Self {
        WorkQuery {
            query: f(self.query),
            runtime: self.runtime,
        }
    }

    /// See [`crate::WorkQuery::after`].
    pub fn after(self, date: Date) -> Self {
        self.map(|q| q.after(date))
    }

    /// See [`crate::WorkQuery::before`].
    pub fn before(self, date: Date) -> Self {
        self.map(|q| q.before(date))
    }

    /// See [`crate::WorkQuery::workarea`].
    pub fn workarea(self, workarea: impl Into<WorkareaId>) -> Self {
        self.map(|q| q.workarea(workarea))
    }

    listing_setters!("WorkQuery");

    /// See [`crate::WorkQuery::send`].
    pub fn send(self) -> Result<Page<lamplight_core::response::WorkSummary>, Error> {
        block_on(&self.runtime, self.query.send())?
    }

    /// See [`crate::WorkQuery::send_as`].
    pub fn send_as<T: DeserializeOwned>(self) -> Result<Page<T>, Error> {
        block_on(&self.runtime, self.query.send_as())?
    }

    /// See [`crate::WorkQuery::stream`]: every matching record, as an iterator.
    pub fn stream(self) -> Records<lamplight_core::response::WorkSummary> {
        Records::new(self.runtime, self.query.stream())
    }

    /// See [`crate::WorkQuery::stream_as`]: every matching record, decoded as your own type.
    pub fn stream_as<T: DeserializeOwned + Send + 'static>(self) -> Records<T> {
        Records::new(self.runtime, self.query.stream_as())
    }
}

/// A blocking [`crate::ProfileQuery`].
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until sent"]
pub struct ProfileQuery<S = Short> {
    query: crate::ProfileQuery<S>,
    runtime: Arc<OwnRuntime>,
}

impl<S: ProfileShape> ProfileQuery<S> {
    fn map<T>(
        self,
        f: impl FnOnce(crate::ProfileQuery<S>) -> crate::ProfileQuery<T>,
    ) -> ProfileQuery<T> {
        ProfileQuery {
            query: f(self.query),
            runtime: self.runtime,
        }
    }

    /// See [`crate::ProfileQuery::full`].
    pub fn full(self) -> ProfileQuery<crate::Full> {
        self.map(crate::ProfileQuery::full)
    }

    /// See [`crate::ProfileQuery::short`].
    pub fn short(self) -> ProfileQuery<Short> {
        self.map(crate::ProfileQuery::short)
    }

    /// See [`crate::ProfileQuery::near`]: a `near` search returns full profiles.
    pub fn near(self, place: impl Into<String>, metres: u32) -> ProfileQuery<crate::Full> {
        self.map(|q| q.near(place, metres))
    }

    /// See [`crate::ProfileQuery::filter`].
    pub fn filter(self, label: &str, value: impl Into<String>) -> Self {
        self.map(|q| q.filter(label, value))
    }

    listing_setters!("ProfileQuery");

    /// See [`crate::ProfileQuery::send`].
    pub fn send(self) -> Result<Page<S::Record>, Error> {
        block_on(&self.runtime, self.query.send())?
    }

    /// See [`crate::ProfileQuery::send_as`].
    pub fn send_as<T: DeserializeOwned>(self) -> Result<Page<T>, Error> {
        block_on(&self.runtime, self.query.send_as())?
    }

    /// See [`crate::ProfileQuery::all`].
    pub fn all(self) -> Result<Vec<S::Record>, Error> {
        block_on(&self.runtime, self.query.all())?
    }

    /// See [`crate::ProfileQuery::stream`]: every matching profile, as an iterator.
    pub fn stream(self) -> Records<S::Record> {
        Records::new(self.runtime, self.query.stream())
    }

    /// See [`crate::ProfileQuery::stream_as`]: every matching profile, decoded as your own type.
    pub fn stream_as<T: DeserializeOwned + Send + 'static>(self) -> Records<T> {
        Records::new(self.runtime, self.query.stream_as())
    }
}

/// The records of a paged query, one at a time; fetches the next page when it needs it. An
/// error ends the iteration.
pub struct Records<T> {
    runtime: Arc<OwnRuntime>,
    stream: RecordStream<T>,
    done: bool,
}

impl<T> Records<T> {
    fn new(runtime: Arc<OwnRuntime>, stream: RecordStream<T>) -> Self {
        Records {
            runtime,
            stream,
            done: false,
        }
    }
}

impl<T> fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T> Iterator for Records<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = match block_on(&self.runtime, self.stream.next()) {
            Ok(next) => next,
            Err(error) => Some(Err(error)),
        };
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}
