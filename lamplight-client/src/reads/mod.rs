//! Reads: workareas, work records and profiles.

mod listing;
mod paging;
mod profiles;
mod work;

pub use paging::RecordStream;
pub use profiles::{Full, ProfileQuery, ProfileShape, Short};
pub use work::WorkQuery;

use lamplight_core::response::{One, Page, Profile, Reply, Work, Workarea};
use lamplight_core::{RecordKind, Role};
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
    /// let work = client.work_record(30936).await?;
    /// println!("{}: {:?}", work.title, work.description);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn work_record(&self, id: u64) -> Result<Work, Error> {
        self.work_record_as(id).await
    }

    /// One published work record, decoded as your own type `T` (see
    /// [`lamplight_core::response::lenient`] for helpers that accept the server's quirks).
    pub async fn work_record_as<T: DeserializeOwned>(&self, id: u64) -> Result<T, Error> {
        let reply = self
            .read("work/one", vec![("id".into(), id.to_string())])
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
        ProfileQuery::new(self.clone(), RecordKind::Person, role)
    }

    /// Published organisations with `role` (`orgs/some`, `orgs/all`); see [`people`](Self::people).
    pub fn orgs(&self, role: Role) -> ProfileQuery<Short> {
        ProfileQuery::new(self.clone(), RecordKind::Organisation, role)
    }

    /// Published families with `role` (`family/some`, `family/all`); see [`people`](Self::people).
    pub fn families(&self, role: Role) -> ProfileQuery<Short> {
        ProfileQuery::new(self.clone(), RecordKind::Family, role)
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
    pub async fn person(&self, role: Role, id: u64) -> Result<Profile, Error> {
        self.profile_as(RecordKind::Person, role, id).await
    }

    /// One published organisation (`orgs/one`).
    pub async fn org(&self, role: Role, id: u64) -> Result<Profile, Error> {
        self.profile_as(RecordKind::Organisation, role, id).await
    }

    /// One published family (`family/one`).
    pub async fn family(&self, role: Role, id: u64) -> Result<Profile, Error> {
        self.profile_as(RecordKind::Family, role, id).await
    }

    /// One published profile of `kind` (a person, organisation or family), decoded as your own
    /// type `T`.
    pub async fn profile_as<T: DeserializeOwned>(
        &self,
        kind: RecordKind,
        role: Role,
        id: u64,
    ) -> Result<T, Error> {
        let endpoint = profile_endpoint(kind, "one")?;
        let params: Params = vec![
            ("role".into(), role.as_str().to_owned()),
            ("id".into(), id.to_string()),
        ];
        let reply = self.read(&endpoint, params).await?;
        decode::<Reply<One<T>>>(self, &reply).map(|reply| reply.data.0)
    }
}

/// `people/how`, `orgs/how` or `family/how`; referrals cannot be read.
pub(crate) fn profile_endpoint(kind: RecordKind, how: &str) -> Result<String, Error> {
    if !kind.is_profile() {
        return Err(Error::configuration(
            "referrals cannot be read: Lamplight offers no way to read, list or update them",
        ));
    }
    Ok(format!("{}/{how}", kind.path()))
}
