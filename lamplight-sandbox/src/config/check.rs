//! Consistency rules for a configuration: unique ids, references that resolve, values that fit.

use std::collections::BTreeSet;

use super::{Config, ProfileConfig};
use crate::validate::{check_custom_value, parse_date_or_datetime};

/// Checks `config`, returning the first problem found.
pub(super) fn check(config: &Config) -> Result<(), String> {
    // The sections `lamplight.toml` describes follow lamplight-schema's rules, the same for the
    // derive, the CLI and the sandbox.
    config
        .schema()
        .check()
        .map_err(|error| error.message().to_owned())?;
    let profile_ids = check_profiles(config)?;
    check_work(config, &profile_ids)?;
    for group in &config.groups {
        for member in &group.members {
            if !profile_ids.contains(member) {
                return Err(format!(
                    "group {} lists profile {member}, which is not defined",
                    group.id
                ));
            }
        }
    }
    for place in &config.places {
        if !crate::validate::is_uk_postcode(&place.postcode) {
            return Err(format!(
                "place postcode '{}' is not a valid UK postcode",
                place.postcode
            ));
        }
    }
    if config.max_body_bytes == 0 {
        return Err("max_body_bytes must be at least 1".to_owned());
    }
    if let Some(rate) = config.rate_limit
        && !(rate.is_finite() && rate > 0.0)
    {
        return Err(format!(
            "rate_limit must be a positive number of requests a second, not {rate}"
        ));
    }
    Ok(())
}

fn unique(what: &str, ids: impl Iterator<Item = u64>) -> Result<BTreeSet<u64>, String> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("{what} id {id} is defined twice"));
        }
    }
    Ok(seen)
}

fn check_profiles(config: &Config) -> Result<BTreeSet<u64>, String> {
    let ids = unique("profile", config.profiles.iter().map(|p| p.id))?;
    for profile in &config.profiles {
        check_profile(config, profile)?;
    }
    Ok(ids)
}

/// The largest seeded profile id: new profiles take ids above the seeded ones, and every id
/// must survive a JSON number in any language (JavaScript's are exact up to 2^53).
pub(crate) const MAX_PROFILE_ID: u64 = (1 << 53) - 1;

fn check_profile(config: &Config, profile: &ProfileConfig) -> Result<(), String> {
    let id = profile.id;
    if id > MAX_PROFILE_ID {
        return Err(format!(
            "profile {id}: ids go up to {MAX_PROFILE_ID}, so that new profiles can follow"
        ));
    }
    if !profile.kind.accepts(profile.role) {
        return Err(format!(
            "profile {id}: role '{}' does not suit a {:?} profile",
            profile.role, profile.kind
        ));
    }
    let is_person = profile.kind == super::StoredKind::Person;
    if is_person && profile.name.is_some() {
        return Err(format!(
            "profile {id}: a person has first_name and surname, not name"
        ));
    }
    if !is_person && (profile.first_name.is_some() || profile.surname.is_some()) {
        return Err(format!(
            "profile {id}: only people have first_name and surname; use name"
        ));
    }
    if profile.lat.is_some() != profile.lng.is_some() {
        return Err(format!("profile {id}: give both lat and lng, or neither"));
    }
    let fields = config.fields_for(profile.kind.record_kind());
    for (label, value) in &profile.custom {
        let field = fields
            .iter()
            .find(|field| field.label.eq_ignore_ascii_case(label))
            .ok_or_else(|| format!("profile {id}: no custom field labelled '{label}'"))?;
        check_custom_value(field, value, true)
            .map_err(|reason| format!("profile {id}: {reason}"))?;
    }
    Ok(())
}

fn check_work(config: &Config, profile_ids: &BTreeSet<u64>) -> Result<(), String> {
    unique("work record", config.work.iter().map(|w| w.id))?;
    let workareas: BTreeSet<u64> = config
        .workareas
        .iter()
        .flat_map(|area| std::iter::once(area.id).chain(area.children.iter().map(|c| c.id)))
        .collect();
    for work in &config.work {
        let id = work.id;
        for date in [&work.start_date, &work.end_date] {
            if date.len() != 19 || parse_date_or_datetime(date).is_none() {
                return Err(format!(
                    "work record {id}: '{date}' is not YYYY-MM-DD HH:MM:SS"
                ));
            }
        }
        if let Some(area) = work.workareas.iter().find(|a| !workareas.contains(a)) {
            return Err(format!("work record {id}: workarea {area} is not defined"));
        }
        let mut attendees = BTreeSet::new();
        for attendee in &work.attendees {
            if !profile_ids.contains(attendee) {
                return Err(format!(
                    "work record {id}: attendee {attendee} is not a defined profile"
                ));
            }
            if !attendees.insert(attendee) {
                return Err(format!(
                    "work record {id}: attendee {attendee} is listed twice"
                ));
            }
        }
        if let Some(capacity) = work.capacity
            && work.attendees.len() > capacity as usize
        {
            return Err(format!(
                "work record {id}: more attendees than its capacity of {capacity}"
            ));
        }
    }
    Ok(())
}
