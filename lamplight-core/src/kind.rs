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

    /// The name used in `#[lamplight(...)]`: `referral`, `person`, `organisation` or `family`.
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
