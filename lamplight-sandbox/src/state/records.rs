//! What the sandbox has stored, as a typed snapshot ([`crate::Sandbox::state`]) and as the JSON
//! of `GET /__sandbox/state`.

use std::collections::BTreeMap;

use lamplight_core::Role;
use serde::{Deserialize, Serialize};

use crate::StoredValue;
use crate::config::StoredKind;

/// A snapshot of everything stored: seeded and created profiles, and every referral,
/// attendance, relationship and group membership made through the API.
///
/// Seeded attendees and group members (from the configuration) are not listed here; they only
/// count towards capacities and duplicates.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct State {
    /// Every profile, seeded or created, by id.
    pub profiles: Vec<StoredProfile>,
    /// Every referral created, in order.
    pub referrals: Vec<StoredReferral>,
    /// Every attendance added through `work/attend`, in order.
    pub attendances: Vec<StoredAttendance>,
    /// Every relationship created, in order.
    pub relationships: Vec<StoredRelationship>,
    /// Every group membership added, in order.
    pub group_memberships: Vec<StoredMembership>,
}

impl State {
    /// The profile with this id.
    pub fn profile(&self, id: u64) -> Option<&StoredProfile> {
        self.profiles.iter().find(|profile| profile.id == id)
    }

    /// The referral with this id.
    pub fn referral(&self, id: u64) -> Option<&StoredReferral> {
        self.referrals.iter().find(|referral| referral.id == id)
    }
}

/// A profile as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredProfile {
    /// Its id.
    pub id: u64,
    /// Person, organisation or family.
    pub kind: StoredKind,
    /// The role it was added with: reads and updates must name the same one.
    pub role: Role,
    /// Core fields by wire name (`first_name`, `surname`, `name`, `address_line_1`..`5`,
    /// `postcode`, `mobile`, `phone`, `email`, `web`, `summary`). Absent fields are left out.
    pub core: BTreeMap<String, String>,
    /// Custom field values by label (only fields the configuration defines).
    pub custom: BTreeMap<String, StoredValue>,
    /// Whether it is published through the API.
    pub publishable: bool,
    /// Whether the API may update it.
    pub publish_update: bool,
    /// Latitude, when known (seeded, or geocoded from a known postcode).
    pub lat: Option<f64>,
    /// Longitude, when known.
    pub lng: Option<f64>,
    /// When it was last written, `YYYY-MM-DD HH:MM:SS` (UTC).
    pub date_updated: String,
    /// Whether it came from the configuration rather than a request.
    pub seeded: bool,
}

impl StoredProfile {
    /// A core field's value.
    pub fn core(&self, wire_name: &str) -> Option<&str> {
        self.core.get(wire_name).map(String::as_str)
    }

    /// A custom field's value, by label (ignoring case).
    pub fn custom(&self, label: &str) -> Option<&StoredValue> {
        self.custom
            .iter()
            .find(|(stored, _)| stored.eq_ignore_ascii_case(label))
            .map(|(_, value)| value)
    }

    /// The display name: `first_name surname` for people, `name` otherwise.
    pub fn display_name(&self) -> String {
        match self.kind {
            StoredKind::Person => {
                let parts: Vec<&str> = ["first_name", "surname"]
                    .iter()
                    .filter_map(|name| self.core(name))
                    .filter(|part| !part.is_empty())
                    .collect();
                parts.join(" ")
            }
            StoredKind::Organisation | StoredKind::Family => {
                self.core("name").unwrap_or_default().to_owned()
            }
        }
    }
}

/// A referral as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredReferral {
    /// Its id.
    pub id: u64,
    /// The profile referred.
    pub attendee_id: u64,
    /// The referrer's profile, if one was given.
    pub referrer_id: Option<u64>,
    /// `referral_reason`, if given.
    pub reason: Option<String>,
    /// `date_from`, normalised to `YYYY-MM-DD HH:MM:SS` (now, when absent).
    pub date_from: String,
    /// `workareaid`, as a list.
    pub workarea_ids: Vec<u64>,
    /// Custom field values by label (only fields the configuration defines).
    pub custom: BTreeMap<String, StoredValue>,
    /// Every parameter the request carried except the credentials, by name as sent (PHP-style
    /// arrays collected under their base name), so nothing sent is lost from view.
    pub fields: BTreeMap<String, StoredValue>,
}

/// An attendance added through `work/attend`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredAttendance {
    /// The work record.
    pub work_id: u64,
    /// The attendee's profile.
    pub profile_id: u64,
    /// `attendee_notes`, if given.
    pub notes: Option<String>,
}

/// A relationship created through `people/relationship`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredRelationship {
    /// `id`: the profile related.
    pub profile_id: u64,
    /// `related_profile_id`.
    pub related_profile_id: u64,
    /// `relationship_id`: the relationship type.
    pub relationship_id: u64,
    /// `role` of the request, when it gave one (the live server does not require it).
    pub role: Option<Role>,
}

/// A group membership added through `people/group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredMembership {
    /// The group or waiting list.
    pub group_id: u64,
    /// The member's profile.
    pub profile_id: u64,
    /// `role` of the request, when it gave one (the live server does not require it).
    pub role: Option<Role>,
    /// `date_joined`, `YYYY-MM-DD HH:MM:SS` (now, when absent).
    pub date_joined: String,
    /// `notes`, if given.
    pub notes: Option<String>,
}
