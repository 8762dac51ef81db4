//! Reads: workareas, work records and profiles.

mod listing;
mod paging;
mod profiles;
mod work;

pub use paging::RecordStream;
pub use profiles::{Full, ProfileQuery, ProfileShape, Short};
pub use work::WorkQuery;

use lamplight_core::response::{One, Page, Profile, Reply, Work, Workarea};
use lamplight_core::schema::role_refused;
use lamplight_core::{EncodeError, EncodeErrorKind, ProfileId, ProfileKind, Role, WorkId};
use serde::de::DeserializeOwned;

use crate::transport::{Params, decode};
use crate::{Client, Error};

impl Client {
    /// Every workarea, as a two-level tree (`workarea/all`).
    ///
    /// ```no_run
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// for area in client.workareas().await? {
    ///     for child in &area.children {
    ///         println!("{} / {} = {}", area.text, child.text, child.id);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn workareas(&self) -> Result<Vec<Workarea>, Error> {
        let reply = self.read("workarea/all", Vec::new()).await?;
        decode::<Page<Workarea>>(self, &reply).map(|page| page.records)
    }

    /// Published work records, filtered and paged (`work/some`). Lamplight does not allow
    /// listing every work record at once; page through them with [`WorkQuery::stream`].
    ///
    /// ```no_run
    /// use time::macros::date;
    ///
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let page = client.work().after(date!(2024 - 03 - 01)).workarea(3).num(20).send().await?;
    /// for work in &page.records {
    ///     println!("{} {} ({:?} places left)", work.id, work.title, work.places_left());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn work(&self) -> WorkQuery {
        WorkQuery::new(self.clone())
    }

    /// One published work record in full (`work/one`).
    ///
    /// ```no_run
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let work = client.work_record(30936).await?; // or WorkId(30936)
    /// println!("{}: {:?}", work.title, work.description);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn work_record(&self, id: impl Into<WorkId>) -> Result<Work, Error> {
        self.work_record_as(id).await
    }

    /// One published work record, decoded as your own type `T` (see
    /// [`lamplight_core::response::lenient`] for helpers that accept the server's quirks).
    pub async fn work_record_as<T: DeserializeOwned>(
        &self,
        id: impl Into<WorkId>,
    ) -> Result<T, Error> {
        let reply = self
            .read("work/one", vec![("id".into(), id.into().to_string())])
            .await?;
        decode::<Reply<One<T>>>(self, &reply).map(|reply| reply.data.0)
    }

    /// Published people with `role`: a query to filter, page or stream (`people/some`, or
    /// `people/all` with [`ProfileQuery::all`]).
    ///
    /// ```no_run
    /// use lamplight_client::Role;
    ///
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let page = client
    ///     .people(Role::User)
    ///     .near("SW1A 1AA", 10_000)
    ///     .full()
    ///     .filter("First language", "English")
    ///     .send()
    ///     .await?;
    /// for person in &page.records {
    ///     println!("{} {:?}", person.display_name(), person.custom("First language"));
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn people(&self, role: Role) -> ProfileQuery<Short> {
        ProfileQuery::new(self.clone(), ProfileKind::Person, role)
    }

    /// Published organisations with `role` (`orgs/some`, `orgs/all`); see [`people`](Self::people).
    pub fn orgs(&self, role: Role) -> ProfileQuery<Short> {
        ProfileQuery::new(self.clone(), ProfileKind::Organisation, role)
    }

    /// Published families with `role` (`family/some`, `family/all`); see [`people`](Self::people).
    pub fn families(&self, role: Role) -> ProfileQuery<Short> {
        ProfileQuery::new(self.clone(), ProfileKind::Family, role)
    }

    /// One published person (`people/one`).
    ///
    /// ```no_run
    /// use lamplight_client::Role;
    ///
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let person = client.person(Role::User, 653).await?;
    /// println!("{} {:?}", person.display_name(), person.postcode);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn person(&self, role: Role, id: impl Into<ProfileId>) -> Result<Profile, Error> {
        self.profile_as(ProfileKind::Person, role, id).await
    }

    /// One published organisation (`orgs/one`).
    pub async fn org(&self, role: Role, id: impl Into<ProfileId>) -> Result<Profile, Error> {
        self.profile_as(ProfileKind::Organisation, role, id).await
    }

    /// One published family (`family/one`).
    pub async fn family(&self, role: Role, id: impl Into<ProfileId>) -> Result<Profile, Error> {
        self.profile_as(ProfileKind::Family, role, id).await
    }

    /// One published profile of `kind` (a person, organisation or family), decoded as your own
    /// type `T`. A role the kind cannot take is refused before anything is sent, as writes
    /// refuse it.
    ///
    /// ```no_run
    /// use lamplight_client::{ProfileKind, Role};
    /// use lamplight_client::response::Profile;
    ///
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let funder: Profile = client.profile_as(ProfileKind::Organisation, Role::Funder, 661).await?;
    /// // An organisation cannot be staff: refused here, naming `role`.
    /// let err = client.profile_as::<Profile>(ProfileKind::Organisation, Role::Staff, 661).await;
    /// assert!(err.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn profile_as<T: DeserializeOwned>(
        &self,
        kind: ProfileKind,
        role: Role,
        id: impl Into<ProfileId>,
    ) -> Result<T, Error> {
        check_role(kind, role)?;
        let params: Params = vec![
            ("role".into(), role.as_str().to_owned()),
            ("id".into(), id.into().to_string()),
        ];
        let reply = self.read(&profile_endpoint(kind, "one"), params).await?;
        decode::<Reply<One<T>>>(self, &reply).map(|reply| reply.data.0)
    }

    /// GETs any `what/how` endpoint with `params` and decodes the whole reply as `T`: the
    /// escape hatch for what this crate does not model, as the PHP client's
    /// `setParameterGet`. It goes out with the same credentials, retries, redaction and typed
    /// errors as every other read.
    ///
    /// ```no_run
    /// use lamplight_client::response::{Page, WorkSummary};
    ///
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let page: Page<WorkSummary> = client.get("work/some", &[("q", "youth"), ("num", "5")]).await?;
    /// let raw: serde_json::Value = client.get("workarea/all", &[] as &[(&str, &str)]).await?;
    /// # let _ = (page, raw);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<T, Error> {
        let endpoint = crate::client::check_endpoint(endpoint)?;
        let mut sent = Params::with_capacity(params.len());
        for (name, value) in params {
            let name = check_param(name.as_ref())?;
            sent.push((name.to_owned().into(), value.as_ref().to_owned()));
        }
        let reply = self.read(endpoint, sent).await?;
        decode(self, &reply)
    }
}

/// `people/how`, `orgs/how` or `family/how`.
pub(crate) fn profile_endpoint(kind: ProfileKind, how: &str) -> String {
    format!("{}/{how}", kind.path())
}

/// Refuses a role the kind cannot take, naming `role`, as a write would.
pub(crate) fn check_role(kind: ProfileKind, role: Role) -> Result<(), EncodeError> {
    match role_refused(kind.into(), role) {
        Some(reason) => Err(EncodeError::new(
            "role",
            "role",
            EncodeErrorKind::Invalid { reason },
        )),
        None => Ok(()),
    }
}

/// The parameters the client sends itself: a caller's would be sent twice, or override the
/// credentials.
const CREDENTIAL_PARAMETERS: &[&str] = &["lampid", "project", "key", "format"];

/// Checks an extra query parameter's name: not empty, and not one the client sends itself.
pub(crate) fn check_param(name: &str) -> Result<&str, EncodeError> {
    let trimmed = name.trim();
    let reason = if trimmed.is_empty() {
        Some("a parameter needs a name".to_owned())
    } else if CREDENTIAL_PARAMETERS
        .iter()
        .any(|own| own.eq_ignore_ascii_case(trimmed))
    {
        Some(format!(
            "`{trimmed}` is sent by the client itself on every request; set it on the client"
        ))
    } else {
        None
    };
    match reason {
        Some(reason) => Err(EncodeError::new(
            name.to_owned(),
            name.to_owned(),
            EncodeErrorKind::Invalid { reason },
        )),
        None => Ok(trimmed),
    }
}
