//! The sandbox's mutable records, seeded from the configuration.

use std::collections::{BTreeMap, BTreeSet};

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::records::{
    State, StoredAttendance, StoredMembership, StoredProfile, StoredReferral, StoredRelationship,
};
use crate::config::{Config, ProfileConfig};
use crate::validate::{check_custom_value, now};

/// The first id given to a created profile (or one more than the largest seeded id).
const FIRST_PROFILE_ID: u64 = 1001;
const FIRST_REFERRAL_ID: u64 = 5001;

/// How an attendee, referrer or group member given as an id or email resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Exactly one profile.
    Found(u64),
    /// A well-formed id or email that matched no profile.
    NotFound,
    /// An email shared by several profiles.
    Several,
    /// Neither an id nor an email.
    Malformed,
}

/// Everything written since start, plus the seeded profiles, attendees and group members.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) profiles: BTreeMap<u64, StoredProfile>,
    pub(crate) referrals: Vec<StoredReferral>,
    pub(crate) attendances: Vec<StoredAttendance>,
    pub(crate) relationships: Vec<StoredRelationship>,
    pub(crate) memberships: Vec<StoredMembership>,
    /// Work record id → attending profile ids (seeded and added).
    pub(crate) attendees: BTreeMap<u64, BTreeSet<u64>>,
    /// Group id → member profile ids (seeded and added).
    pub(crate) group_members: BTreeMap<u64, BTreeSet<u64>>,
    /// Profiles from the configuration, which do not count towards the cap.
    seeded_profiles: usize,
    next_profile_id: u64,
    next_referral_id: u64,
}

impl Store {
    /// Seeds a store from a checked configuration.
    pub(crate) fn new(config: &Config) -> Store {
        let profiles: BTreeMap<u64, StoredProfile> = config
            .profiles
            .iter()
            .map(|seed| (seed.id, seeded_profile(config, seed)))
            .collect();
        let largest = profiles.keys().next_back().copied().unwrap_or(0);
        Store {
            seeded_profiles: profiles.len(),
            next_profile_id: FIRST_PROFILE_ID.max(largest.saturating_add(1)),
            profiles,
            referrals: Vec::new(),
            attendances: Vec::new(),
            relationships: Vec::new(),
            memberships: Vec::new(),
            attendees: config
                .work
                .iter()
                .map(|work| (work.id, work.attendees.iter().copied().collect()))
                .collect(),
            group_members: config
                .groups
                .iter()
                .map(|group| (group.id, group.members.iter().copied().collect()))
                .collect(),
            next_referral_id: FIRST_REFERRAL_ID,
        }
    }

    /// A copy of everything, for [`crate::Sandbox::state`].
    pub(crate) fn snapshot(&self) -> State {
        State {
            profiles: self.profiles.values().cloned().collect(),
            referrals: self.referrals.clone(),
            attendances: self.attendances.clone(),
            relationships: self.relationships.clone(),
            group_memberships: self.memberships.clone(),
        }
    }

    /// How many records requests have added: profiles, referrals, attendances, relationships
    /// and group memberships.
    pub(crate) fn created(&self) -> usize {
        self.profiles.len().saturating_sub(self.seeded_profiles)
            + self.referrals.len()
            + self.attendances.len()
            + self.relationships.len()
            + self.memberships.len()
    }

    pub(crate) fn take_profile_id(&mut self) -> u64 {
        // Seeded ids are below 2^53 (see the configuration check), so this cannot run out.
        let id = self.next_profile_id;
        self.next_profile_id = id.saturating_add(1);
        id
    }

    pub(crate) fn take_referral_id(&mut self) -> u64 {
        let id = self.next_referral_id;
        self.next_referral_id = id.saturating_add(1);
        id
    }

    /// Resolves a profile given as an id or an email address (matched ignoring case).
    pub(crate) fn lookup(&self, given: &str) -> Lookup {
        let given = given.trim();
        if let Ok(id) = given.parse::<u64>() {
            return if self.profiles.contains_key(&id) {
                Lookup::Found(id)
            } else {
                Lookup::NotFound
            };
        }
        if !given.contains('@') {
            return Lookup::Malformed;
        }
        let mut matches = self.profiles.values().filter(|profile| {
            profile
                .core("email")
                .is_some_and(|e| e.eq_ignore_ascii_case(given))
        });
        match (matches.next(), matches.next()) {
            (Some(profile), None) => Lookup::Found(profile.id),
            (Some(_), Some(_)) => Lookup::Several,
            (None, _) => Lookup::NotFound,
        }
    }
}

/// Serialises as the [`State`] snapshot does, straight from the store, so that the state
/// endpoint copies no record.
impl Serialize for Store {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Profiles<'a>(&'a BTreeMap<u64, StoredProfile>);
        impl Serialize for Profiles<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.values())
            }
        }
        let mut state = serializer.serialize_struct("State", 5)?;
        state.serialize_field("profiles", &Profiles(&self.profiles))?;
        state.serialize_field("referrals", &self.referrals)?;
        state.serialize_field("attendances", &self.attendances)?;
        state.serialize_field("relationships", &self.relationships)?;
        state.serialize_field("group_memberships", &self.memberships)?;
        state.end()
    }
}

fn seeded_profile(config: &Config, seed: &ProfileConfig) -> StoredProfile {
    let core_fields = [
        ("first_name", &seed.first_name),
        ("surname", &seed.surname),
        ("name", &seed.name),
        ("address_line_1", &seed.address_line_1),
        ("address_line_2", &seed.address_line_2),
        ("address_line_3", &seed.address_line_3),
        ("address_line_4", &seed.address_line_4),
        ("address_line_5", &seed.address_line_5),
        ("postcode", &seed.postcode),
        ("mobile", &seed.mobile),
        ("phone", &seed.phone),
        ("email", &seed.email),
        ("web", &seed.web),
        ("summary", &seed.summary),
    ];
    let core = core_fields
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name.to_owned(), v.clone())))
        .collect();
    let fields = config.fields_for(seed.kind.record_kind());
    let custom = seed
        .custom
        .iter()
        .filter_map(|(label, value)| {
            let field = fields
                .iter()
                .find(|f| f.label.eq_ignore_ascii_case(label))?;
            let value = check_custom_value(field, value, true).ok()?;
            Some((field.label.clone(), value))
        })
        .collect();
    StoredProfile {
        id: seed.id,
        kind: seed.kind,
        role: seed.role,
        core,
        custom,
        publishable: seed.publishable,
        publish_update: seed.publish_update,
        lat: seed.lat,
        lng: seed.lng,
        date_updated: now(),
        seeded: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_serialises_as_its_snapshot() {
        let mut store = Store::new(&Config::demo());
        store.attendances.push(StoredAttendance {
            work_id: 30937,
            profile_id: 653,
            notes: Some("Taster".to_owned()),
        });
        let id = store.take_referral_id();
        store.referrals.push(StoredReferral {
            id,
            attendee_id: 653,
            referrer_id: None,
            reason: Some("Confidence".to_owned()),
            date_from: now(),
            workarea_ids: vec![11],
            custom: BTreeMap::new(),
            fields: BTreeMap::new(),
        });
        assert_eq!(store.created(), 2);
        let direct = serde_json::to_value(&store).ok();
        let snapshot = serde_json::to_value(store.snapshot()).ok();
        assert!(direct.is_some());
        assert_eq!(direct, snapshot);
    }
}
