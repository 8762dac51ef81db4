//! `people|orgs|family/some` and `/all`: listing published profiles.

use std::marker::PhantomData;

use lamplight_core::response::{Page, Profile, ProfileSummary};
use lamplight_core::schema::{same_wire_name, wire_name};
use lamplight_core::{EncodeError, EncodeErrorKind, ProfileKind, Role};
use serde::de::DeserializeOwned;

use super::listing::{Listing, listing_setters};
use super::paging::pages;
use super::{RecordStream, check_role, profile_endpoint};
use crate::transport::{Params, decode};
use crate::{Client, Error};

mod sealed {
    pub trait Sealed {}
}

/// How much of each profile a query returns: [`Short`] or [`Full`].
pub trait ProfileShape: sealed::Sealed {
    /// The record type a page holds.
    type Record: DeserializeOwned + Send + 'static;
    /// The `return` parameter: `short` or `full`.
    const RETURN: &'static str;
}

/// Profiles in brief: id, name and summary ([`ProfileSummary`]). The default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Short;

/// Profiles in full: names, address, contact details, coordinates and published custom fields
/// ([`Profile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

impl sealed::Sealed for Short {}
impl sealed::Sealed for Full {}

impl ProfileShape for Short {
    type Record = ProfileSummary;
    const RETURN: &'static str = "short";
}

impl ProfileShape for Full {
    type Record = Profile;
    const RETURN: &'static str = "full";
}

/// Parameters a filter may not take: the query's own.
const QUERY_PARAMETERS: &[&str] = &[
    "role",
    "num",
    "start",
    "order",
    "q",
    "return",
    "near",
    "nearRadius",
    "id",
    "lampid",
    "project",
    "key",
    "format",
];

/// A query for published profiles of one kind and role; build it with [`Client::people`],
/// [`Client::orgs`] or [`Client::families`].
///
/// It returns [`ProfileSummary`] records until [`full`](Self::full) switches it to
/// [`Profile`]; the type of [`send`](Self::send)'s page follows.
///
/// ```no_run
/// use lamplight_client::Role;
///
/// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
/// let short = client.orgs(Role::Funder).search("trust").send().await?;   // Page<ProfileSummary>
/// let full = client.orgs(Role::Funder).full().num(5).send().await?;      // Page<Profile>
/// let everyone = client.people(Role::Staff).all().await?;                // Vec<ProfileSummary>
/// # let _ = (short, full, everyone);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until sent"]
pub struct ProfileQuery<S = Short> {
    client: Client,
    kind: ProfileKind,
    role: Role,
    near: Option<(String, u32)>,
    filters: Vec<(String, String)>,
    listing: Listing,
    error: Option<EncodeError>,
    shape: PhantomData<S>,
}

impl ProfileQuery<Short> {
    pub(crate) fn new(client: Client, kind: ProfileKind, role: Role) -> Self {
        ProfileQuery {
            client,
            kind,
            role,
            near: None,
            filters: Vec::new(),
            listing: Listing::default(),
            error: check_role(kind, role).err(),
            shape: PhantomData,
        }
    }
}

impl<S: ProfileShape> ProfileQuery<S> {
    fn reshape<T: ProfileShape>(self) -> ProfileQuery<T> {
        ProfileQuery {
            client: self.client,
            kind: self.kind,
            role: self.role,
            near: self.near,
            filters: self.filters,
            listing: self.listing,
            error: self.error,
            shape: PhantomData,
        }
    }

    /// Return profiles in full ([`Profile`]).
    pub fn full(self) -> ProfileQuery<Full> {
        self.reshape()
    }

    /// Return profiles in brief ([`ProfileSummary`]), as by default.
    pub fn short(self) -> ProfileQuery<Short> {
        self.reshape()
    }

    /// Only profiles within `metres` of `place` (`near`, `nearRadius`): a postcode, or
    /// coordinates as `lat,lng`. The page's [`centre`](Page::centre) says where the server
    /// placed it.
    ///
    /// A `near` search returns full profiles, as the reference client's does: the address and
    /// the coordinates are what a map needs.
    ///
    /// ```no_run
    /// use lamplight_client::Role;
    ///
    /// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
    /// let page = client.people(Role::User).near("SW1A 1AA", 2_000).send().await?; // Page<Profile>
    /// for person in &page.records {
    ///     println!("{} at {:?},{:?}", person.display_name(), person.lat, person.lng);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn near(mut self, place: impl Into<String>, metres: u32) -> ProfileQuery<Full> {
        self.near = Some((place.into(), metres));
        self.reshape()
    }

    /// Only profiles whose published field `label` contains `value`. `label` is the field's
    /// label as Lamplight shows it (`First language`), sent with spaces as `_`.
    pub fn filter(mut self, label: &str, value: impl Into<String>) -> Self {
        let wire = wire_name(label.trim());
        if let Some(own) = QUERY_PARAMETERS.iter().find(|p| same_wire_name(p, &wire)) {
            self.error.get_or_insert_with(|| {
                EncodeError::new(
                    label.to_owned(),
                    wire.clone(),
                    EncodeErrorKind::Invalid {
                        reason: format!(
                            "`{own}` is a parameter of the query itself, not a field to filter on"
                        ),
                    },
                )
            });
        } else if wire.is_empty() {
            self.error.get_or_insert_with(|| {
                EncodeError::new(
                    label.to_owned(),
                    wire.clone(),
                    EncodeErrorKind::Invalid {
                        reason: "a filter needs the label of a published field".to_owned(),
                    },
                )
            });
        }
        self.filters.push((wire, value.into()));
        self
    }

    listing_setters!("profiles");

    fn base(&self) -> Result<Params, Error> {
        if let Some(error) = &self.error {
            return Err(Error::Encode(error.clone()));
        }
        Ok(vec![
            ("role".into(), self.role.as_str().to_owned()),
            ("return".into(), S::RETURN.to_owned()),
        ])
    }

    fn filters(&self) -> Result<Params, Error> {
        let mut params = self.base()?;
        self.listing.push_filters(&mut params)?;
        if let Some((place, metres)) = &self.near {
            params.push(("near".into(), place.clone()));
            params.push(("nearRadius".into(), metres.to_string()));
        }
        for (name, value) in &self.filters {
            params.push((name.clone().into(), value.clone()));
        }
        Ok(params)
    }

    /// Fetches one page (`some`).
    pub async fn send(self) -> Result<Page<S::Record>, Error> {
        self.send_as().await
    }

    /// Fetches one page, decoding each profile as your own type `T`.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<Page<T>, Error> {
        let mut params = self.filters()?;
        self.listing.push_page(&mut params);
        let endpoint = profile_endpoint(self.kind, "some");
        let reply = self.client.read(&endpoint, params).await?;
        decode(&self.client, &reply)
    }

    /// Every matching profile, fetched `num` at a time (50 unless set), from `start`.
    pub fn stream(self) -> RecordStream<S::Record> {
        self.stream_as()
    }

    /// Every matching profile, decoded as your own type `T`.
    pub fn stream_as<T: DeserializeOwned + Send + 'static>(self) -> RecordStream<T> {
        match self.filters() {
            Ok(params) => {
                let endpoint = profile_endpoint(self.kind, "some");
                let (start, num) = self.listing.stream_window();
                pages(self.client, endpoint, params, start, num)
            }
            Err(error) => RecordStream::failed(error),
        }
    }

    /// Every published profile of this kind and role at once (`all`). Only the role and the
    /// shape apply; filters, search and paging are for [`send`](Self::send).
    pub async fn all(self) -> Result<Vec<S::Record>, Error> {
        let params = self.base()?;
        let endpoint = profile_endpoint(self.kind, "all");
        let reply = self.client.read(&endpoint, params).await?;
        decode::<Page<S::Record>>(&self.client, &reply).map(|page| page.records)
    }
}
