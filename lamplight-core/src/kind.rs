//! The kinds of record Lamplight accepts.

use std::fmt;

use crate::Role;

/// The kind of a record: which Lamplight endpoint it is written to.
///
/// ```
/// use lamplight_core::RecordKind;
///
/// assert_eq!(RecordKind::Referral.add_endpoint(), "referral/add");
/// assert_eq!(RecordKind::Person.update_endpoint(), Some("people/update"));
/// assert_eq!(RecordKind::Referral.update_endpoint(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// A referral (`referral/add`). Referrals can only be created.
    Referral,
    /// A person's profile (`people/...`).
    Person,
    /// An organisation's profile (`orgs/...`).
    Organisation,
    /// A family's profile (`family/...`).
    Family,
}

impl RecordKind {
    /// Every kind, in the order Lamplight's documentation lists them.
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Referral,
        RecordKind::Person,
        RecordKind::Organisation,
        RecordKind::Family,
    ];

    /// The first path segment of this kind's endpoints: `referral`, `people`, `orgs` or `family`.
    pub const fn path(self) -> &'static str {
        match self {
            RecordKind::Referral => "referral",
            RecordKind::Person => "people",
            RecordKind::Organisation => "orgs",
            RecordKind::Family => "family",
        }
    }

    /// The endpoint that creates a record of this kind, e.g. `people/add`.
    pub const fn add_endpoint(self) -> &'static str {
        match self {
            RecordKind::Referral => "referral/add",
            RecordKind::Person => "people/add",
            RecordKind::Organisation => "orgs/add",
            RecordKind::Family => "family/add",
        }
    }

    /// The endpoint that updates a record of this kind; `None` for referrals, which Lamplight
    /// cannot update.
    pub const fn update_endpoint(self) -> Option<&'static str> {
        match self {
            RecordKind::Referral => None,
            RecordKind::Person => Some("people/update"),
            RecordKind::Organisation => Some("orgs/update"),
            RecordKind::Family => Some("family/update"),
        }
    }

    /// Whether this kind is a profile (person, organisation or family).
    pub const fn is_profile(self) -> bool {
        !matches!(self, RecordKind::Referral)
    }

    /// The roles a profile of this kind may take; empty for referrals.
    pub const fn roles(self) -> &'static [Role] {
        match self {
            RecordKind::Referral => &[],
            RecordKind::Person => Role::PERSON,
            RecordKind::Organisation => Role::ORGANISATION,
            RecordKind::Family => Role::FAMILY,
        }
    }

    /// The kind whose records are created at `endpoint` (`people/add`, ...), if any.
    ///
    /// ```
    /// use lamplight_core::RecordKind;
    ///
    /// assert_eq!(RecordKind::from_add_endpoint("orgs/add"), Some(RecordKind::Organisation));
    /// assert_eq!(RecordKind::from_add_endpoint("work/attend"), None);
    /// ```
    pub fn from_add_endpoint(endpoint: &str) -> Option<RecordKind> {
        RecordKind::ALL
            .into_iter()
            .find(|kind| kind.add_endpoint() == endpoint)
    }

    /// This kind as a profile kind; `None` for a referral.
    pub const fn profile(self) -> Option<ProfileKind> {
        match self {
            RecordKind::Referral => None,
            RecordKind::Person => Some(ProfileKind::Person),
            RecordKind::Organisation => Some(ProfileKind::Organisation),
            RecordKind::Family => Some(ProfileKind::Family),
        }
    }

    /// The name used in `#[lamplight(...)]`: `referral`, `person`, `organisation` or `family`.
    #[doc(hidden)]
    pub const fn attribute_name(self) -> &'static str {
        match self {
            RecordKind::Referral => "referral",
            RecordKind::Person => "person",
            RecordKind::Organisation => "organisation",
            RecordKind::Family => "family",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.attribute_name())
    }
}

/// The kinds of profile: the kinds of record that can be read, listed and updated. A referral
/// is not one, so a read of a referral cannot even be written down.
///
/// ```
/// use lamplight_core::{ProfileKind, RecordKind, Role};
///
/// assert_eq!(ProfileKind::Organisation.path(), "orgs");
/// assert_eq!(RecordKind::from(ProfileKind::Family), RecordKind::Family);
/// assert_eq!(ProfileKind::try_from(RecordKind::Referral).ok(), None);
/// assert!(!ProfileKind::Organisation.takes(Role::Staff));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileKind {
    /// People (`people/...`).
    Person,
    /// Organisations (`orgs/...`).
    Organisation,
    /// Families (`family/...`).
    Family,
}

impl ProfileKind {
    /// Every profile kind.
    pub const ALL: [ProfileKind; 3] = [
        ProfileKind::Person,
        ProfileKind::Organisation,
        ProfileKind::Family,
    ];

    /// This kind as a [`RecordKind`].
    pub const fn record_kind(self) -> RecordKind {
        match self {
            ProfileKind::Person => RecordKind::Person,
            ProfileKind::Organisation => RecordKind::Organisation,
            ProfileKind::Family => RecordKind::Family,
        }
    }

    /// The first path segment of this kind's endpoints: `people`, `orgs` or `family`.
    pub const fn path(self) -> &'static str {
        self.record_kind().path()
    }

    /// The roles a profile of this kind may take.
    pub const fn roles(self) -> &'static [Role] {
        self.record_kind().roles()
    }

    /// Whether a profile of this kind may take `role`.
    pub const fn takes(self, role: Role) -> bool {
        role.is_valid_for(self.record_kind())
    }
}

impl From<ProfileKind> for RecordKind {
    fn from(kind: ProfileKind) -> Self {
        kind.record_kind()
    }
}

/// The error from converting [`RecordKind::Referral`] to a [`ProfileKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a referral is not a profile: Lamplight offers no way to read, list or update referrals")]
pub struct NotAProfile;

impl TryFrom<RecordKind> for ProfileKind {
    type Error = NotAProfile;

    fn try_from(kind: RecordKind) -> Result<Self, Self::Error> {
        kind.profile().ok_or(NotAProfile)
    }
}

impl fmt::Display for ProfileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.record_kind().fmt(f)
    }
}
