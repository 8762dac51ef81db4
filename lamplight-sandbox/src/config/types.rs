//! The sections of a sandbox configuration.

use std::collections::BTreeMap;

use lamplight_core::{RecordKind, Role};
use serde::{Deserialize, Serialize};

use crate::StoredValue;

fn yes() -> bool {
    true
}

/// Which kinds of record the system publishes, and which writes it accepts.
///
/// Every switch is on by default. Turning one off produces the error code Lamplight uses for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Publishing {
    /// Work records.
    pub work: WorkPublishing,
    /// Referrals.
    pub referral: ReferralPublishing,
    /// People.
    pub person: ProfilePublishing,
    /// Organisations.
    pub organisation: ProfilePublishing,
    /// Families.
    pub family: ProfilePublishing,
    /// `people/relationship` (off: 1070).
    pub relationships: bool,
    /// `people/group` (off: 1080).
    pub groups: bool,
}

impl Default for Publishing {
    fn default() -> Self {
        Publishing {
            work: WorkPublishing::default(),
            referral: ReferralPublishing::default(),
            person: ProfilePublishing::default(),
            organisation: ProfilePublishing::default(),
            family: ProfilePublishing::default(),
            relationships: true,
            groups: true,
        }
    }
}

impl Publishing {
    /// The switches for a profile kind.
    pub fn profile(&self, kind: StoredKind) -> &ProfilePublishing {
        match kind {
            StoredKind::Person => &self.person,
            StoredKind::Organisation => &self.organisation,
            StoredKind::Family => &self.family,
        }
    }
}

/// Publishing switches for work records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkPublishing {
    /// `work/some` and `work/one` (off: 1006).
    pub read: bool,
    /// The data-in module: `work/attend` (off: 1020).
    pub attend: bool,
}

impl Default for WorkPublishing {
    fn default() -> Self {
        WorkPublishing {
            read: true,
            attend: true,
        }
    }
}

/// Publishing switches for referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferralPublishing {
    /// `referral/add` (off: 1027).
    pub add: bool,
}

impl Default for ReferralPublishing {
    fn default() -> Self {
        ReferralPublishing { add: true }
    }
}

/// Publishing switches for one kind of profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProfilePublishing {
    /// `all`, `some` and `one` (off: 1002).
    pub read: bool,
    /// `add` (off: 1054).
    pub add: bool,
    /// `update` (off: 1052).
    pub update: bool,
}

impl Default for ProfilePublishing {
    fn default() -> Self {
        ProfilePublishing {
            read: true,
            add: true,
            update: true,
        }
    }
}

/// The three kinds of profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredKind {
    /// A person (`people/...`).
    Person,
    /// An organisation (`orgs/...`).
    Organisation,
    /// A family (`family/...`).
    Family,
}

impl StoredKind {
    /// The matching [`RecordKind`].
    pub fn record_kind(self) -> RecordKind {
        match self {
            StoredKind::Person => RecordKind::Person,
            StoredKind::Organisation => RecordKind::Organisation,
            StoredKind::Family => RecordKind::Family,
        }
    }

    /// The kind whose endpoints start with `path` (`people`, `orgs`, `family`).
    pub fn from_path(path: &str) -> Option<StoredKind> {
        match path {
            "people" => Some(StoredKind::Person),
            "orgs" => Some(StoredKind::Organisation),
            "family" => Some(StoredKind::Family),
            _ => None,
        }
    }

    /// Whether `role` suits this kind, as API.md lists them: people take `user`, `contact`,
    /// `staff` and `funder`; organisations take `user`, `contact`, `funder` and `org`. The API
    /// lists no roles for families, which are people grouped together: they take people's.
    ///
    /// The sandbox keeps its own table rather than asking the client's crates, so that a
    /// misreading of the API in one cannot hide behind the same misreading in the other.
    ///
    /// ```
    /// use lamplight_core::Role;
    /// use lamplight_sandbox::StoredKind;
    ///
    /// assert!(StoredKind::Person.accepts(Role::Staff));
    /// assert!(!StoredKind::Person.accepts(Role::Org));
    /// assert!(StoredKind::Organisation.accepts(Role::Org));
    /// assert!(!StoredKind::Organisation.accepts(Role::Staff));
    /// ```
    pub fn accepts(self, role: Role) -> bool {
        match self {
            StoredKind::Person | StoredKind::Family => {
                matches!(
                    role,
                    Role::User | Role::Contact | Role::Staff | Role::Funder
                )
            }
            StoredKind::Organisation => {
                matches!(role, Role::User | Role::Contact | Role::Funder | Role::Org)
            }
        }
    }
}

/// A profile that exists before any request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    /// The profile's id.
    pub id: u64,
    /// Person, organisation or family.
    pub kind: StoredKind,
    /// Its role; must suit the kind.
    pub role: Role,
    /// A person's first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// A person's surname.
    #[serde(default)]
    pub surname: Option<String>,
    /// An organisation's or family's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Address line 1.
    #[serde(default)]
    pub address_line_1: Option<String>,
    /// Address line 2.
    #[serde(default)]
    pub address_line_2: Option<String>,
    /// Address line 3.
    #[serde(default)]
    pub address_line_3: Option<String>,
    /// Address line 4.
    #[serde(default)]
    pub address_line_4: Option<String>,
    /// Address line 5.
    #[serde(default)]
    pub address_line_5: Option<String>,
    /// UK postcode.
    #[serde(default)]
    pub postcode: Option<String>,
    /// Mobile number.
    #[serde(default)]
    pub mobile: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email address (attendees and referrers may be given by email).
    #[serde(default)]
    pub email: Option<String>,
    /// Website.
    #[serde(default)]
    pub web: Option<String>,
    /// The short summary shown by `return=short`.
    #[serde(default)]
    pub summary: Option<String>,
    /// Latitude (WGS84).
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    #[serde(default)]
    pub lng: Option<f64>,
    /// Whether the profile is published through the API (default true).
    #[serde(default = "yes")]
    pub publishable: bool,
    /// Whether the API may update it (default true; false: 1053).
    #[serde(default = "yes")]
    pub publish_update: bool,
    /// Custom field values by label.
    #[serde(default)]
    pub custom: BTreeMap<String, StoredValue>,
}

/// A venue, listed in `location_full_details` of `work/one`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VenueConfig {
    /// Its name.
    pub name: String,
    /// Address line 1.
    pub address_line_1: String,
    /// Address line 2.
    pub address_line_2: String,
    /// Address line 3.
    pub address_line_3: String,
    /// Postcode.
    pub postcode: String,
    /// A description.
    pub description: String,
    /// Website.
    pub website: String,
    /// Disabled access notes.
    pub disabled_access: String,
    /// Contact phone.
    pub contact_phone: String,
}

/// A work record: an event or session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkConfig {
    /// The record's id.
    pub id: u64,
    /// Its title.
    pub title: String,
    /// Start, `YYYY-MM-DD HH:MM:SS`.
    pub start_date: String,
    /// End, `YYYY-MM-DD HH:MM:SS`.
    pub end_date: String,
    /// The workareas it belongs to (ids of top-level or sub-workareas; the first is primary).
    #[serde(default)]
    pub workareas: Vec<u64>,
    /// Whether it is published (default true; false: 1006 on `work/one`, hidden from lists).
    #[serde(default = "yes")]
    pub published: bool,
    /// Whether attendees may be added through the API (default false; false: 1023).
    #[serde(default)]
    pub api_attendance: bool,
    /// The most attendees it takes; absent means no limit (full: 1025).
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Profiles already attending.
    #[serde(default)]
    pub attendees: Vec<u64>,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Summary.
    #[serde(default)]
    pub summary: String,
    /// Follow-up notes.
    #[serde(default)]
    pub followup: String,
    /// Venues.
    #[serde(default)]
    pub locations: Vec<VenueConfig>,
    /// Published custom field values by label.
    #[serde(default)]
    pub custom: BTreeMap<String, StoredValue>,
    /// When it was last changed, `YYYY-MM-DD HH:MM:SS`, as `work/one` reports it (absent: its
    /// start date).
    #[serde(default)]
    pub date_updated: Option<String>,
}

/// A postcode with its coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// The postcode, in the validated form (`SW1A 1AA`).
    pub postcode: String,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lng: f64,
}
